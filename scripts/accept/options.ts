// `npm run accept` arguments → what to run against whom. Every mistake is one UsageError naming the flag or the
// file, before anything is sent; the command prints it and exits 2.
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { apiKeyFromEnv, ConfigError, configFromEnv, type SessionMConfig } from '../../client/config.ts';
import { connectTimeoutMs, defaultConnectTimeoutS } from '../../client/reach.ts';
import { type Fixtures, FixturesError, loadFixtures } from '../../contracts/provider/fixtures.ts';
import { type Member, parseMembers } from '../../load/lib/members.ts';
import { membersNeeded, walletSizeOf } from '../../load/lib/plan.ts';
import { type Env, optionsFromEnv, ProfileError, parseDurationSeconds, slosFromEnv } from '../../load/lib/profiles.ts';
import { UsageError } from '../cli.ts';

export const usage = `usage: npm run accept -- (--base-url URL | --offers-url URL --pos-url URL) --fixtures FILE
                        [--members FILE] [--rate N] [--duration 30s] [--cases N] [--seed N] [--strict] [--yes] [--out DIR]
                        [--connect-timeout SECONDS]
  --base-url URL      base URL of both APIs (or --offers-url and --pos-url, e.g. https://offers-client.stg-sessionm.com
                      and https://pos-client.stg-sessionm.com)
  --fixtures FILE     the test member and the ids the API cannot create (copy contracts/fixtures.example.json)
  --members FILE      the Load section's members, a JSON array of {"external_customer_id": "…"}: at least rate × the
                      flow p99 SLO (SLO_FLOW_P99_MS, default 1500 ms) of them; without it Load does not run, unless
                      the fixtures say mock_admin (an embedded mock makes them through its admin API)
  --rate N            Load: redemption flows per second (default 5)
  --duration D        Load: how long, e.g. 30s or 2m (default 30s)
  --cases N           Negative input: malformed read-only requests (default 500, sent at 20 requests/s)
  --seed N            Negative input: the seed, to send the same cases again (default: random, printed)
  --strict            differences from our assumptions fail (as npm run verify --strict)
  --yes               confirm the plan for a target that is not this machine's loopback
  --out DIR           the run folder (default reports/<timestamp>-accept)
  --connect-timeout S seconds each API has to answer a first request before anything else is sent (default ${defaultConnectTimeoutS})
Key from SESSIONM_API_KEY (or SESSIONM_API_SECRET); it is never printed or written.
Sections, in order: Contracts, Workflow, Load, Negative input. The plan is printed before anything is sent.
exit codes: 0 accepted (every section passed), 1 not accepted, 2 bad arguments, refused or unreachable (nothing sent)`;

export interface AcceptOptions {
  config: SessionMConfig;
  fixtures: Fixtures;
  fixturesFile: string;
  members?: { file: string; list: Member[] };
  rate: number;
  durationS: number;
  cases: number;
  seed: number;
  strict: boolean;
  yes: boolean;
  outDir?: string;
  connectMs: number;
  /** SLO_FLOW_P99_MS as the Load section's set-up reads it: members needed = rate × this. */
  flowP99Ms: number;
  walletSize: number;
  /** SLO_*, WALLET_SIZE, LATENCY_MS, PRE_ALLOCATED_VUS, MAX_VUS, SETUP_CONCURRENCY: passed on to the Load section. */
  env: Env;
}

export const defaults = { rate: 5, duration: '30s', cases: 500, negativeRate: 20 } as const;

const flagOf: Record<string, string> = {
  SESSIONM_BASE_URL: '--base-url',
  SESSIONM_OFFERS_URL: '--offers-url',
  SESSIONM_POS_URL: '--pos-url',
};

function whole(name: string, text: string | undefined, min: number, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${text}"`);
  return n;
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' },
        'offers-url': { type: 'string' },
        'pos-url': { type: 'string' },
        fixtures: { type: 'string' },
        members: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        cases: { type: 'string' },
        seed: { type: 'string' },
        strict: { type: 'boolean' },
        yes: { type: 'boolean' },
        out: { type: 'string' },
        'connect-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    // node:util's messages may run over lines: one line, always.
    throw new UsageError(`${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (npm run accept -- --help)`);
  }
}

function readMembers(file: string): Member[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read --members ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return parseMembers(text, file);
  } catch (error) {
    throw new UsageError(`--members ${file}: ${(error as Error).message}`);
  }
}

/** The options; throws UsageError. `env` gives the key (SESSIONM_API_KEY / _SECRET) and SLO_* values. */
export function acceptOptions(args: string[], env: Env): AcceptOptions {
  const values = parse(args);
  const base = values['base-url'];
  if (!base && !(values['offers-url'] && values['pos-url'])) {
    throw new UsageError('give --base-url URL, or both --offers-url URL and --pos-url URL');
  }
  if (!values.fixtures) {
    throw new UsageError(
      '--fixtures FILE is required: copy contracts/fixtures.example.json and fill in your test member and ids',
    );
  }
  let fixtures: Fixtures;
  try {
    fixtures = loadFixtures(values.fixtures, env);
  } catch (error) {
    if (error instanceof FixturesError) throw new UsageError(error.message);
    throw error;
  }
  let config: SessionMConfig;
  try {
    config = configFromEnv(
      {
        SESSIONM_BASE_URL: base ?? values['offers-url'],
        SESSIONM_OFFERS_URL: values['offers-url'],
        SESSIONM_POS_URL: values['pos-url'],
      },
      {
        apiKey: apiKeyFromEnv(env, env.SESSIONM_CLIENT_ID?.trim() || fixtures.clientId),
        retailerId: fixtures.retailerId,
        storeId: fixtures.storeId,
        clientId: fixtures.clientId,
      },
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new UsageError(error.message.replace(/SESSIONM_(BASE|OFFERS|POS)_URL/, (name) => flagOf[name] ?? name));
  }
  const rate = whole('rate', values.rate, 1, defaults.rate);
  let connectMs: number;
  try {
    connectMs = connectTimeoutMs(values['connect-timeout']);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  let durationS: number;
  let flowP99Ms: number;
  let walletSize: number;
  try {
    durationS = parseDurationSeconds(values.duration ?? defaults.duration, '--duration');
    flowP99Ms = slosFromEnv(env).flowP99Ms;
    walletSize = walletSizeOf(env);
    // The Load section's k6 options as its script will build them: a bad SLO_* or VU count stops here, not mid-run.
    optionsFromEnv({ ...env, PROFILE: 'smoke', RATE: String(rate), DURATION: `${durationS}s` });
  } catch (error) {
    if (error instanceof ProfileError) throw new UsageError(error.message);
    throw error;
  }
  if (durationS < 1) throw new UsageError(`--duration must be at least 1s, got "${values.duration}"`);
  const options: AcceptOptions = {
    config,
    fixtures,
    fixturesFile: values.fixtures,
    rate,
    durationS,
    cases: whole('cases', values.cases, 1, defaults.cases),
    seed: whole('seed', values.seed, 0, randomInt(2 ** 31)),
    strict: values.strict ?? false,
    yes: values.yes ?? false,
    connectMs,
    flowP99Ms,
    walletSize,
    env,
  };
  if (values.members) {
    const list = readMembers(values.members);
    const needed = membersNeeded(rate, flowP99Ms);
    if (list.length < needed) {
      throw new UsageError(
        `--members ${values.members} has ${list.length} member${list.length === 1 ? '' : 's'}; ${rate} flows/s with flows up to ${flowP99Ms} ms (SLO_FLOW_P99_MS) need ${needed}, so that no member has two flows in flight: add members or lower --rate`,
      );
    }
    options.members = { file: values.members, list };
  }
  if (values.out) {
    if (existsSync(values.out) && !statSync(values.out).isDirectory()) {
      throw new UsageError(`--out ${values.out} is a file: give a folder for the run's reports`);
    }
    options.outDir = values.out;
  }
  return options;
}
