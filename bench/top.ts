// `tsx bench/top.ts FILE.cpuprofile [N]`: the N functions with the most self time in a V8 CPU profile
// (from BENCH_CPU_PROF=DIR npm run bench), with their share of the samples.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export function topSelf(profile: { nodes: Node[] }, n: number): { name: string; share: number }[] {
  const total = profile.nodes.reduce((a, x) => a + (x.hitCount ?? 0), 0);
  const by = new Map<string, number>();
  for (const x of profile.nodes) {
    const f = x.callFrame;
    const where = f.url ? `${relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    by.set(key, (by.get(key) ?? 0) + (x.hitCount ?? 0));
  }
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, hits]) => ({ name, share: hits / total }));
}

if (process.argv[1]?.endsWith('top.ts')) {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/top.ts FILE.cpuprofile [N]');
  for (const { name, share } of topSelf(JSON.parse(readFileSync(file, 'utf8')), Number(n))) {
    console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}
