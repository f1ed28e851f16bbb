// What ran, as every report of a run shows it: the target without its credentials, the profile and engine, the
// versions that change what a run measures and the machine it ran on.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunSettings } from './results.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Packages whose versions change what a run measures. */
const PACKAGES = ['@pact-foundation/pact', 'hdr-histogram-js', 'undici', 'esbuild'];

function packageVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Drops credentials and the query from a target URL: the report is shared, secrets must not be in it. */
export function redactTarget(target: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target.replace(/^[^/@]*@/, '');
  if (!URL.canParse(target)) return target.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  const u = new URL(target);
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString();
}

/** The run's settings with versions (node, suite, key packages) and the machine filled in. */
export function collectSettings(base: RunSettings = {}): RunSettings {
  const versions: Record<string, string> = { node: process.version };
  const suite = packageVersion(ROOT);
  if (suite) versions.suite = suite;
  for (const p of PACKAGES) {
    const v = packageVersion(`${ROOT}node_modules/${p}`);
    if (v) versions[p] = v;
  }
  const cpus = os.cpus();
  const machine: NonNullable<RunSettings['machine']> = {
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
  if (cpus[0]?.model) machine.cpuModel = cpus[0].model.trim();
  const out: RunSettings = { ...base, versions: { ...versions, ...base.versions }, machine: base.machine ?? machine };
  if (base.target) out.target = redactTarget(base.target);
  return out;
}
