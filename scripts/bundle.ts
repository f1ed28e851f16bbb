// `npm run bundle`: load/scripts/*.ts → dist/k6/*.js, runnable by k6 and by the embedded engine.
import { relative } from 'node:path';
import { exitCodes } from '../client/exit-codes.ts';
import { bundleK6Scripts } from '../load/bundle.ts';

const usage = `usage: npm run bundle   (no options)
  esbuild bundles load/scripts/*.ts into dist/k6/*.js: plain k6 ESM, run by k6 run or npm run engine -- run`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) console.log(usage);
else if (args.length > 0) {
  console.error(`bundle: takes no arguments, got ${args.join(' ')}\n${usage}`);
  process.exitCode = exitCodes.refused;
} else for (const file of await bundleK6Scripts()) console.log(`bundled ${relative(process.cwd(), file)}`);
