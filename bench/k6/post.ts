// k6 bench script: POSTs one fixed body to URL as fast as VUS VUs can (MODE=vus), or at RATE per second (MODE=rate).
// Env: URL, BODY, AUTH (the Authorization header), MODE, VUS, MAX_VUS, RATE, DURATION.
import http from 'k6/http';
import type { Options, Scenario } from 'k6/options';

const vus = Number(__ENV.VUS ?? 50);
const duration = __ENV.DURATION ?? '5s';

const scenario: Scenario =
  __ENV.MODE === 'rate'
    ? {
        executor: 'constant-arrival-rate',
        rate: Number(__ENV.RATE),
        timeUnit: '1s',
        duration,
        preAllocatedVUs: vus,
        maxVUs: Number(__ENV.MAX_VUS ?? vus),
      }
    : { executor: 'constant-vus', vus, duration };

export const options: Options = {
  scenarios: { bench: scenario },
  // wrk and autocannon read and drop the body too.
  discardResponseBodies: true,
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(99)'],
};

const url = __ENV.URL as string;
const body = __ENV.BODY ?? '';
const params = {
  headers: { 'Content-Type': 'application/json', ...(__ENV.AUTH ? { Authorization: __ENV.AUTH } : {}) },
  tags: { name: 'bench' },
};

export default async function (): Promise<void> {
  await http.asyncRequest('POST', url, body, params);
}
