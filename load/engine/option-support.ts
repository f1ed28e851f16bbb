// Which k6 options the engine honours. Every option k6 v1.8.1 knows (lib/options.go Options json tags) is
// supported, refused (ignoring it would change what is sent or measured, so the verdict could differ from k6's), or
// warned about (ignoring it changes neither). Keys k6 does not know get k6's own unknown-fields warning.

// biome-ignore lint/suspicious/noExplicitAny: raw k6 options are untyped JSON
type Raw = Record<string, any>;

export const SUPPORTED = new Set([
  'discardResponseBodies',
  'duration',
  'insecureSkipTLSVerify',
  'iterations',
  'maxRedirects',
  'minIterationDuration',
  'noCookiesReset',
  'noSetup',
  'noTeardown',
  'scenarios',
  'setupTimeout',
  'stages',
  'summaryTimeUnit',
  'summaryTrendStats',
  'tags',
  'teardownTimeout',
  'thresholds',
  'throw',
  'userAgent',
  'vus',
]);

const isSet = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  v !== false &&
  v !== 0 &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** Refused when set to anything but k6's default: what it changes. */
export const REFUSED: Record<string, string> = {
  rps: 'it caps the request rate',
  noConnectionReuse: 'it opens a connection per request (connect time in every request)',
  noVUConnectionReuse: 'it closes connections after each iteration',
  hosts: 'it redirects host names to other addresses',
  blacklistIPs: 'it blocks requests to some addresses',
  blockHostnames: 'it blocks requests to some host names',
  tlsAuth: 'it sends client certificates',
  tlsCipherSuites: 'it restricts the TLS cipher suites',
  tlsVersion: 'it restricts the TLS versions',
  systemTags: 'it changes which tags samples carry, so which sub-metrics and thresholds match',
  executionSegment: 'it runs only a segment of the load',
  executionSegmentSequence: 'it runs only a segment of the load',
  paused: 'k6 would wait for a resume',
};

/** Ignored with a warning: why that changes nothing the run sends or measures. */
export const WARNED: Record<string, string> = {
  batch: 'it limits http.batch, which the engine refuses when a script uses it',
  batchPerHost: 'it limits http.batch, which the engine refuses when a script uses it',
  dns: "names resolve through the OS resolver (no lookups on loopback); k6's DNS cache, select and policy are not applied",
  httpDebug: 'it only logs requests',
  metricSamplesBufferSize: "it sizes k6's internal sample buffer",
  cloud: 'it configures Grafana Cloud outputs',
  ext: 'it configures k6 extensions and Cloud',
};

const BASE_SCENARIO_KEYS = ['executor', 'startTime', 'gracefulStop', 'env', 'exec', 'tags', 'options'];
/** Each executor config's JSON fields (lib/executor/*.go, v1.8.1). */
const SCENARIO_KEYS: Record<string, string[]> = {
  'constant-arrival-rate': ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs'],
  'ramping-arrival-rate': ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs'],
  'constant-vus': ['vus', 'duration'],
  'ramping-vus': ['startVUs', 'stages', 'gracefulRampDown'],
  'per-vu-iterations': ['vus', 'iterations', 'maxDuration'],
  'shared-iterations': ['vus', 'iterations', 'maxDuration'],
};

export interface OptionReport {
  /** One line per refused option: the run must not start (exit 104). */
  refused: string[];
  warnings: string[];
}

export function checkOptions(options: Raw): OptionReport {
  const refused: string[] = [];
  const warnings: string[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (SUPPORTED.has(key)) continue;
    if (key in REFUSED) {
      if (isSet(value)) {
        refused.push(
          `option "${key}" is not supported by the embedded engine: ${REFUSED[key]}, so ignoring it would change the verdict (run it with k6)`,
        );
      }
    } else if (key in WARNED) {
      if (isSet(value)) warnings.push(`option "${key}" is ignored by the embedded engine: ${WARNED[key]}`);
    } else {
      unknown.push(key);
    }
  }
  for (const [name, raw] of Object.entries((options.scenarios ?? {}) as Record<string, Raw>)) {
    if (raw === null || typeof raw !== 'object') continue;
    const allowed = new Set([...BASE_SCENARIO_KEYS, ...(SCENARIO_KEYS[raw.executor] ?? [])]);
    for (const key of Object.keys(raw)) if (!allowed.has(key)) unknown.push(`scenarios.${name}.${key}`);
    if (raw.gracefulRampDown !== undefined) {
      warnings.push(
        `scenario "${name}": gracefulRampDown is not applied by the embedded engine: ramped-down VUs finish their iteration`,
      );
    }
    if (isSet(raw.options)) {
      warnings.push(`scenario "${name}": options (browser settings) are ignored by the embedded engine`);
    }
  }
  if (unknown.length > 0) {
    warnings.push(
      `There were unknown fields in the options exported in the script: ${unknown.map((k) => `"${k}"`).join(', ')}`,
    );
  }
  return { refused, warnings };
}
