// A script's error as a person reads it: the message and where in the script it was thrown, not the engine's
// own frames or the path of the temporary module the loader ran.
import { basename } from 'node:path';

const scriptFrame = /^\s*at (?:(.+?) \()?file:\/\/\S*\/k6-engine-[^/]+\/script\.mjs:\d+:\d+\)?$/;

/** "Error: MEMBERS_FILE is missing (at liveMembers in redemption.js)"; the whole stack when no frame is the script's. */
export function scriptErrorText(error: unknown, bundlePath: string): string {
  if (!(error instanceof Error)) return String(error);
  const head = `${error.name}: ${error.message}`;
  const frames = (error.stack ?? '').split('\n').slice(1);
  const ours = frames.map((line) => scriptFrame.exec(line)).filter((m) => m !== null);
  if (ours.length === 0) return error.stack ?? head;
  const where = ours
    .slice(0, 3)
    .map((m) => m[1] ?? '(top level)')
    .join(' ← ');
  return `${head} (at ${where} in ${basename(bundlePath)})`;
}
