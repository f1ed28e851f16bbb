// A load run's first stage: everything it is given, checked before anything is started or sent (settings, env,
// the guard, the target's first answer, the engine), and the bundle built. Refusals are one line.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { apiKeyFromEnv, ConfigError, configVariables, defaults } from '../../client/config.ts';
import { exitCodes } from '../../client/exit-codes.ts';
import { guardTarget } from '../../client/guard.ts';
import { probe, unreachableLine } from '../../client/reach.ts';
import type { RunningMock } from '../../mock/server.ts';
import type { MockFaultsRequest, MockState } from '../../schemas/generated/types.ts';
import { bundleK6Scripts, bundleDir as defaultBundleDir } from '../bundle.ts';
import type { Baseline } from '../compare-baseline.ts';
import type { Member } from '../lib/members.ts';
import { walletSizeOf } from '../lib/plan.ts';
import {
  describeProfile,
  type Env,
  ProfileError,
  type ProfileName,
  type ProfileSettings,
  settingsFromEnv,
} from '../lib/profiles.ts';
import { checkLoadEnv, PreflightError, prepareJsonOut } from '../preflight.ts';

export type EngineChoice = 'auto' | 'k6' | 'node';
export type Engine = 'k6' | 'node';

/** A running mock: one this process holds (its state read here) or one reached at a URL (npm run mock, a proxy). */
export interface MockTarget {
  url: string;
  /** The credential it takes (default the demo key). */
  apiKey?: string;
  /** Its state, read in this process; without it GET /__mock/state is asked. */
  state?: () => MockState;
}

/** What the run drives: a mock (started here when none is given) or a live API. */
export type Target =
  | { kind: 'embedded'; faults?: MockFaultsRequest }
  | { kind: 'mock'; mock: MockTarget }
  | { kind: 'live'; url: string };

export interface PrepareOptions {
  /** Base URL of a live target, or of a mock started elsewhere when env TARGET_KIND=mock. */
  target?: string;
  /** A running mock to drive (npm start's); with neither, the embedded mock is started for the run. */
  mock?: MockTarget | RunningMock;
  profile?: string;
  engine?: EngineChoice;
  /** Where the k6 scripts are bundled (default dist/k6). */
  bundleDir?: string;
  /** Confirms a run against a non-loopback target. */
  yes?: boolean;
  /** A saved run's summary (and where it came from) whose per-step p95/p99 and error rate this run must not exceed. */
  baseline?: Baseline;
  /** Also write k6's JSON-lines metrics (`--out json=FILE`). */
  jsonOut?: string;
  /** Faults for the embedded mock this run starts (schemas/mock-faults.request.json). */
  faults?: MockFaultsRequest;
  /** A live target's members, instead of MEMBERS_FILE. */
  members?: Member[];
  /** How long the reachability check waits for the target's first answer (default 5 s). */
  connectTimeoutMs?: number;
  /** RATE, DURATION, LATENCY_MS, SLO_*, SESSIONM_*, MEMBERS_FILE, WALLET_SIZE, RUN_ID, SETUP_CONCURRENCY; default process.env. */
  env?: Env;
  log?: (line: string) => void;
}

export interface PreparedRun {
  settings: ProfileSettings;
  engine: Engine;
  target: Target;
  bundle: string;
  /** The script's env but the target's part (tunables, SESSIONM_* of a live target, MEMBERS_FILE). */
  env: Env;
  jsonOut?: string;
  baseline?: Baseline;
}

export interface Refusal {
  exitCode: number;
  message: string;
}

const hotPath = [
  'getUserOffers',
  'lockUserOffer',
  'sendTransaction',
  'unlockUserOffer',
  'createOffer',
  'issueUserOffer',
];

/** The env vars a run passes on to the script; PROFILE and the target's are set by the run itself. */
const passedToScript =
  /^(RATE|DURATION|LATENCY_MS|PRE_ALLOCATED_VUS|MAX_VUS|SLO_\w+|SESSIONM_\w+|MEMBERS_FILE|WALLET_SIZE|RUN_ID|SETUP_CONCURRENCY)$/;

/**
 * The script's env for a target. Every SESSIONM_* is pinned, so none leaks in from the environment of the process:
 * against a mock to the mock's defaults and its key, against a live target to what the run was given.
 */
export function scriptEnv(
  target: { kind: 'mock'; url: string; apiKey?: string } | { kind: 'live'; url: string },
  profile: ProfileName,
  env: Env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && passedToScript.test(k)) out[k] = v;
  for (const name of Object.keys(configVariables))
    if (target.kind === 'mock' || out[name] === undefined) out[name] = '';
  if (target.kind === 'mock') {
    out.SESSIONM_API_KEY = target.apiKey ?? defaults.apiKey;
    delete out.MEMBERS_FILE;
  } else if (out.MEMBERS_FILE) {
    // k6's open() resolves relative paths from the script, not from here.
    out.MEMBERS_FILE = resolve(out.MEMBERS_FILE);
  }
  return { ...out, PROFILE: profile, SESSIONM_BASE_URL: target.url, TARGET_KIND: target.kind };
}

const hasK6 = () => spawnSync('k6', ['version'], { stdio: 'ignore' }).status === 0;

const refusedBy = (error: unknown, ...kinds: (new (...args: never[]) => Error)[]): Refusal => {
  if (kinds.some((kind) => error instanceof kind))
    return { exitCode: exitCodes.refused, message: (error as Error).message };
  throw error;
};

/** Checks everything and builds the bundle; a Refusal says in one line what is wrong, with nothing started. */
export async function prepare(options: PrepareOptions): Promise<PreparedRun | Refusal> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  let settings: ProfileSettings;
  try {
    settings = settingsFromEnv({ ...env, PROFILE: options.profile ?? env.PROFILE });
    walletSizeOf(env);
  } catch (error) {
    return refusedBy(error, ProfileError);
  }
  const choice = options.engine ?? 'auto';
  if (!['auto', 'k6', 'node'].includes(choice))
    return { exitCode: exitCodes.refused, message: `--engine must be auto, k6 or node, got "${choice}"` };

  let target: Target;
  try {
    target = options.mock
      ? { kind: 'mock', mock: options.mock }
      : options.target === undefined
        ? { kind: 'embedded', ...(options.faults ? { faults: options.faults } : {}) }
        : env.TARGET_KIND === 'mock'
          ? // A mock started elsewhere: the key it was started with is this run's too.
            { kind: 'mock', mock: { url: options.target, apiKey: apiKeyFromEnv(env) } }
          : { kind: 'live', url: options.target };
  } catch (error) {
    return refusedBy(error, ConfigError);
  }
  const url = target.kind === 'live' ? target.url : target.kind === 'mock' ? target.mock.url : undefined;
  if (url !== undefined) {
    const plan = {
      tool: 'load',
      target: url,
      rate: describeProfile(settings),
      volume: `${settings.durationS}s`,
      operations: hotPath,
    };
    const verdict = guardTarget(plan, options.yes ?? false, log);
    if (!verdict.allowed) return { exitCode: verdict.exitCode, message: verdict.message };
  }
  let jsonOut: string | undefined;
  try {
    const live = target.kind === 'live';
    checkLoadEnv({ ...env, PROFILE: settings.profile }, { live, members: options.members !== undefined });
    if (options.jsonOut) jsonOut = prepareJsonOut(options.jsonOut);
  } catch (error) {
    return refusedBy(error, PreflightError);
  }
  // A mock held here answers; anything reached by URL is sent one request first.
  if (url !== undefined && !(target.kind === 'mock' && target.mock.state)) {
    const reach = await probe(url, options.connectTimeoutMs ? { timeoutMs: options.connectTimeoutMs } : {});
    if (!reach.ok) return { exitCode: exitCodes.refused, message: unreachableLine(reach) };
  }
  const k6 = choice !== 'node' && hasK6();
  if (choice === 'k6' && !k6)
    return { exitCode: exitCodes.refused, message: '--engine k6: no k6 on PATH (use --engine node)' };

  const [bundle] = await bundleK6Scripts(options.bundleDir ?? defaultBundleDir);
  if (!bundle) return { exitCode: exitCodes.failed, message: 'no k6 script in load/scripts' };
  const prepared: PreparedRun = {
    settings,
    engine: k6 ? 'k6' : 'node',
    target,
    bundle,
    env,
  };
  if (jsonOut) prepared.jsonOut = jsonOut;
  if (options.baseline) prepared.baseline = options.baseline;
  return prepared;
}
