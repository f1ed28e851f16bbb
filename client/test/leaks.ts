// A secret as it may leak anywhere: raw, as the key built from it, and inside any base64 text. The tests that run a
// command with a recognisable secret search everything it wrote and printed with these.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface Needle {
  what: string;
  text: string;
}

/** The secret as it would appear inside any base64 text, at each of the three byte alignments. */
export function base64Forms(secret: string): string[] {
  const forms = new Set<string>();
  for (const encoding of ['base64', 'base64url'] as const) {
    for (let offset = 0; offset < 3; offset++) {
      const text = Buffer.from(`${'x'.repeat(offset)}${secret}`).toString(encoding);
      // Drop the groups that also encode the prefix or the padding: what is left appears whatever surrounds it.
      forms.add(text.slice(offset === 0 ? 0 : 4, text.length - 4));
    }
  }
  return [...forms];
}

export function secretNeedles(secrets: { secret: string; apiKey: string; brokerToken?: string }): Needle[] {
  return [
    { what: 'the API secret', text: secrets.secret },
    { what: 'the API key', text: secrets.apiKey },
    ...(secrets.brokerToken ? [{ what: 'the broker token', text: secrets.brokerToken }] : []),
    ...base64Forms(secrets.secret).map((text) => ({ what: 'the API secret in base64', text })),
  ];
}

/** Every needle found in `text`, named with where it was found. */
export function leaks(needles: Needle[], where: string, text: string): string[] {
  return needles.filter((n) => text.includes(n.text)).map((n) => `${where}: ${n.what} (${n.text})`);
}

/** Files under `dir` modified at or after `since`; bounded depth. */
export async function writtenSince(dir: string, since: number, depth = 4): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) found.push(...(await writtenSince(path, since, depth - 1)));
    else if (entry.isFile() && (await stat(path)).mtimeMs >= since) found.push(path);
  }
  return found;
}

/** Every leak in the logs and in each file (read as bytes, so any encoding is searched). */
export async function scan(needles: Needle[], files: string[], logs: string): Promise<string[]> {
  const found = leaks(needles, 'logs', logs);
  for (const file of files) found.push(...leaks(needles, file, (await readFile(file)).toString('latin1')));
  return found;
}
