// How every command ends: its own exit code, or for a user's mistake one line (and the usage) with exit code 2,
// or for a bug in the suite its stack trace, labelled as ours, with exit code 70. A user never sees a stack trace
// for a bad value, a missing file or an unreachable target.
import { exitCodes } from '../client/exit-codes.ts';

/** A bad argument; `usage` is printed under the message. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/**
 * Errors that mean the input was wrong, not the code: their message is the whole story. Told by name (each class
 * sets it), so this module imports no room's code (only the exit codes) and every command starts fast.
 */
const userErrors = new Set([
  'UsageError', // scripts/cli.ts
  'ConfigError', // client/config.ts
  'FixturesError', // contracts/provider/fixtures.ts
  'MissingPactsError', // contracts/provider/verify-local-pacts.ts
  'ProfileError', // load/lib/profiles.ts
  'PreflightError', // load/preflight.ts
  'BaselineError', // reporting/baseline.ts
  'MockStateError', // load/mock-state.ts
  'RunFolderError', // reporting/write.ts
]);

export const isUserError = (error: unknown): error is Error => error instanceof Error && userErrors.has(error.name);

/** The help flags every command answers before doing anything. */
export const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

/** A command without options: true once it printed its usage for --help; any other argument is a UsageError. */
export function helpOnly(args: string[], usage: string): boolean {
  if (wantsHelp(args)) {
    console.log(usage);
    return true;
  }
  if (args.length > 0) throw new UsageError(`takes no arguments, got ${args.join(' ')}`, usage);
  return false;
}

/** Runs a command's main and sets the exit code; never lets a user's mistake end in a stack trace. */
export async function runCommand(name: string, main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    process.exitCode = reportError(name, error);
  }
}

export function reportError(name: string, error: unknown): number {
  if (isUserError(error)) {
    const usage = error instanceof UsageError && error.usage ? `\n${error.usage}` : '';
    console.error(`${name}: ${error.message}${usage}`);
    return exitCodes.refused;
  }
  const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`${name}: internal error, a bug in the suite (not in your input); please report it with this trace:`);
  console.error(trace);
  return exitCodes.bug;
}
