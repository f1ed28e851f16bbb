// How every command ends: its own exit code, or for a user's mistake one line (and the usage) with exit code 2,
// or for a bug in the suite its stack trace, labelled as ours, with exit code 70. A user never sees a stack trace
// for a bad value, a missing file or an unreachable target.
import { ConfigError } from '../client/config.ts';
import { FixturesError } from '../contracts/provider/fixtures.ts';
import { MissingPactsError } from '../contracts/provider/live.ts';
import { ProfileError } from '../load/lib/profiles.ts';
import { MockStateError } from '../load/mock-state.ts';
import { PreflightError } from '../load/preflight.ts';
import { BaselineError } from '../reporting/index.ts';

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

/** Exit code of a bug in the suite (BSD's EX_SOFTWARE), apart from every verdict a run can give. */
export const bugExitCode = 70;

/** Errors that mean the input was wrong, not the code: their message is the whole story. */
const userErrors = [
  UsageError,
  ConfigError,
  FixturesError,
  MissingPactsError,
  ProfileError,
  PreflightError,
  BaselineError,
  MockStateError,
];

export const isUserError = (error: unknown): error is Error => userErrors.some((type) => error instanceof type);

/** The help flags every command answers before doing anything. */
export const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

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
    return 2;
  }
  const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`${name}: internal error, a bug in the suite (not in your input); please report it with this trace:`);
  console.error(trace);
  return bugExitCode;
}
