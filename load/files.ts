// File helpers the build caches share (bundle.ts, engine/compile-cache.ts).
import { createHash } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Each file whole or not at all: a run reading it never sees another run's half-written copy. */
export async function writeWhole(path: string, contents: string | Uint8Array): Promise<void> {
  const partial = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(partial, contents);
  await rename(partial, path);
}
