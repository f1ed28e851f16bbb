// The guard of every traffic-generating command (npm run load, npm run fuzz): traffic to a host other than this
// machine's loopback needs an explicit --yes, after the plan has been printed.
import { isIPv4 } from 'node:net';
import { exitCodes } from '../client/exit-codes.ts';

/** 127.0.0.0/8, ::1 and localhost. Anything else, including look-alikes such as 127.0.0.1.evil.com, is remote. */
export function isLoopback(target: URL | string): boolean {
  const url = typeof target === 'string' ? new URL(target) : target;
  // The WHATWG parser already normalised 127.1 and 0x7f000001 to 127.0.0.1 and lower-cased names.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

export interface TrafficPlan {
  /** The command, e.g. "fuzz" or "load". */
  tool: string;
  target: string;
  /** e.g. "20 req/s" */
  rate: string;
  /** e.g. "1,000 cases" or "5m" */
  volume: string;
  operations: string[];
}

export const describePlan = (plan: TrafficPlan) =>
  `${plan.tool}: ${plan.volume} at ${plan.rate} to ${plan.target}, operations ${plan.operations.join(', ')}`;

export type GuardVerdict = { allowed: true } | { allowed: false; exitCode: number; message: string };

/** Loopback targets pass silently; others are printed, then pass only with `yes`. */
export function guardTarget(
  plan: TrafficPlan,
  yes: boolean,
  log: (line: string) => void = console.error,
): GuardVerdict {
  let url: URL;
  try {
    url = new URL(plan.target);
  } catch {
    return { allowed: false, exitCode: exitCodes.refused, message: `not a URL: "${plan.target}"` };
  }
  if (!/^https?:$/.test(url.protocol)) {
    return { allowed: false, exitCode: exitCodes.refused, message: `the target must be http(s), got "${plan.target}"` };
  }
  if (isLoopback(url)) return { allowed: true };
  // The origin only: credentials in the URL are never printed.
  log(`${url.hostname} is not loopback; this would send ${describePlan({ ...plan, target: url.origin })}`);
  if (!yes) {
    return {
      allowed: false,
      exitCode: exitCodes.refused,
      message: `refusing to send to ${url.origin} without --yes (re-run with --yes to confirm the plan above)`,
    };
  }
  return { allowed: true };
}
