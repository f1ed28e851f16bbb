// esbuild is loaded only when something is built: a run whose bundles are up to date (bundle.ts, the engine's
// compile cache) never loads it, and its version for their keys comes from its package.json.
import { createRequire } from 'node:module';

export const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;

export const loadEsbuild = () => import('esbuild');
