// A script's error as a person reads it: the message and where in the script it was thrown, not the engine's
// own frames or the path of the temporary module the loader ran.
import { basename } from 'node:path';
import { types } from 'node:util';
import { WRAPPER_NAME } from './loader.ts';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * "Error: MEMBERS_FILE is missing (at liveMembers in redemption.js)"; the whole stack when no frame is the script's.
 * The script runs as a vm.Script named by the bundle's path (loader.ts), in the VUs' realm, so its errors are that
 * realm's (not instanceof this Error). `hint` follows the message (realm.ts lackedHint).
 */
export function scriptErrorText(error: unknown, bundlePath: string, hint = ''): string {
  if (!types.isNativeError(error)) return `${String(error)}${hint}`;
  const e = error as Error;
  const head = `${e.name}: ${e.message}${hint}`;
  const scriptFrame = new RegExp(`^\\s*at (?:(.+?) \\()?${escapeRegExp(bundlePath)}:\\d+:\\d+\\)?$`);
  const frames = (e.stack ?? '').split('\n').slice(1);
  const ours = frames
    .map((line) => scriptFrame.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !m[1]?.includes(WRAPPER_NAME));
  if (ours.length === 0) return hint === '' ? (e.stack ?? head) : `${head}\n${frames.join('\n')}`;
  const where = ours
    .slice(0, 3)
    .map((m) => m[1] ?? '(top level)')
    .join(' ← ');
  return `${head} (at ${where} in ${basename(bundlePath)})`;
}
