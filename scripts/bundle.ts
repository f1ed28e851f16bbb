// `npm run bundle`: load/scripts/*.ts → dist/k6/*.js, runnable by k6 and by the embedded engine.
import { relative } from 'node:path';
import { bundleK6Scripts } from '../load/bundle.ts';

for (const file of await bundleK6Scripts()) console.log(`bundled ${relative(process.cwd(), file)}`);
