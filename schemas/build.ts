// `npm run schemas`: regenerates schemas/generated/ (generate.ts). The generators load only past --help.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasDir } from './catalog.ts';

if (/^-(h|-help)$/.test(process.argv[2] ?? '')) {
  console.log(
    'usage: npm run schemas   (no options)\n  regenerates schemas/generated/ (types, operation table, validators) from schemas/*.json',
  );
} else {
  const { generate } = await import('./generate.ts');
  const out = join(schemasDir, 'generated');
  mkdirSync(out, { recursive: true });
  for (const [file, text] of Object.entries(await generate())) writeFileSync(join(out, file), text);
  console.log(`wrote ${out}`);
}
