// Everything a load run is given, checked before anything starts (no mock, no bundle, no traffic): the env vars
// passed on to the script, the JSON-lines output's folder, and the verdict in one line when something is wrong.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, configFromEnv } from '../client/config.ts';
import { type Env, optionsFromEnv, ProfileError } from './lib/profiles.ts';

export class PreflightError extends Error {
  override name = 'PreflightError';
}

/** INSTANCES and SETUP_CONCURRENCY: the script reads them as whole numbers above 0. */
function wholeAbove0(env: Env, name: string): void {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new PreflightError(`${name} must be a whole number above 0, got "${raw}"`);
}

/**
 * The env vars the script will read (PROFILE, RATE, DURATION, LATENCY_MS, SLO_*, TARGET_KIND, INSTANCES,
 * SETUP_CONCURRENCY, and for a live target SESSIONM_* and MEMBERS_FILE unless the members are given), checked as
 * the script would check them. Throws PreflightError naming the first bad one.
 */
export function checkLoadEnv(env: Env, target: { live: boolean; members?: boolean }): void {
  try {
    optionsFromEnv(env);
  } catch (error) {
    if (error instanceof ProfileError) throw new PreflightError(error.message);
    throw error;
  }
  const kind = env.TARGET_KIND;
  if (kind !== undefined && kind !== '' && kind !== 'mock' && kind !== 'live') {
    throw new PreflightError(`TARGET_KIND must be mock or live, got "${kind}"`);
  }
  wholeAbove0(env, 'INSTANCES');
  wholeAbove0(env, 'SETUP_CONCURRENCY');
  if (!target.live) return;
  try {
    // The target replaces SESSIONM_BASE_URL; SESSIONM_OFFERS_URL and SESSIONM_POS_URL, when set, still apply.
    configFromEnv({ ...env, SESSIONM_BASE_URL: undefined });
  } catch (error) {
    if (error instanceof ConfigError) throw new PreflightError(error.message);
    throw error;
  }
  if (target.members) return;
  const members = env.MEMBERS_FILE;
  if (!members) {
    throw new PreflightError(
      'a live target needs MEMBERS_FILE, a JSON array of its test members (see load/data/members.example.json)',
    );
  }
  try {
    accessSync(members, constants.R_OK);
  } catch {
    throw new PreflightError(`MEMBERS_FILE ${members} cannot be read`);
  }
}

/**
 * `--out json=FILE`: its folder is created now, or the run is refused now, so a run never ends in an ENOENT
 * after the load has been sent. Returns the absolute path.
 */
/** stat, or undefined when nothing is there (ENOENT, or ENOTDIR under a file). */
function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export function prepareJsonOut(file: string): string {
  const path = resolve(file);
  if (statOf(path)?.isDirectory()) {
    throw new PreflightError(`--out json=${file} is a folder: give a file name, e.g. json=${file}/points.jsonl`);
  }
  let existing = dirname(path);
  while (!statOf(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statOf(existing)?.isDirectory()) {
    throw new PreflightError(`--out json=${file}: ${existing} is a file, not a folder`);
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PreflightError(`--out json=${file}: cannot create its folder ${dirname(path)} (${why})`);
  }
  return path;
}
