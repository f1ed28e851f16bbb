// A mock started elsewhere with its own key (`SESSIONM_API_KEY=K npm run mock`) is driven with that key
// (`SESSIONM_API_KEY=K TARGET_KIND=mock npm run load -- --target URL`), not with the demo key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredential, defaults } from '../../client/config.ts';
import { exitCodes } from '../../client/exit-codes.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';
import { runLoad, scriptEnv } from '../run.ts';

const key = basicCredential('till-7', 's3cret');
const quiet = () => undefined;

describe('the script env', () => {
  const env = { RATE: '5', SESSIONM_API_KEY: key, SESSIONM_STORE_ID: 'store', MEMBERS_FILE: 'm.json', HOME: '/x' };

  it("against a mock: every SESSIONM_* pinned to the mock's defaults, its key, no members file", () => {
    expect(scriptEnv({ kind: 'mock', url: 'http://127.0.0.1:1', apiKey: key }, 'smoke', env)).toEqual({
      RATE: '5',
      PROFILE: 'smoke',
      TARGET_KIND: 'mock',
      SESSIONM_BASE_URL: 'http://127.0.0.1:1',
      SESSIONM_OFFERS_URL: '',
      SESSIONM_POS_URL: '',
      SESSIONM_API_KEY: key,
      SESSIONM_API_SECRET: '',
      SESSIONM_RETAILER_ID: '',
      SESSIONM_STORE_ID: '',
      SESSIONM_CLIENT_ID: '',
    });
    expect(scriptEnv({ kind: 'mock', url: 'http://127.0.0.1:1' }, 'smoke', env).SESSIONM_API_KEY).toBe(defaults.apiKey);
  });

  it('against a live target: what the run was given, nothing from elsewhere, the members file made absolute', () => {
    const live = scriptEnv({ kind: 'live', url: 'https://staging.invalid' }, 'load', env);
    expect(live).toMatchObject({ SESSIONM_API_KEY: key, SESSIONM_STORE_ID: 'store', SESSIONM_API_SECRET: '' });
    expect(live.MEMBERS_FILE).toMatch(/^\/.*\/m\.json$/);
    expect(live.HOME).toBeUndefined();
  });
});

describe('a load run against a mock started elsewhere with its own key', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ apiKey: key });
  });
  afterAll(() => mock?.close());

  const run = (apiKey: string) =>
    runLoad({
      target: mock.url,
      profile: 'smoke',
      engine: 'node',
      env: { TARGET_KIND: 'mock', SESSIONM_API_KEY: apiKey, RATE: '5', DURATION: '1s' },
      log: quiet,
      output: quiet,
    });

  it('sends the key it was given, so every flow redeems', async () => {
    const result = await run(key);
    expect(result.exitCode, result.message).toBe(exitCodes.ok);
    expect(result.reconciliation?.flowsRedeemed).toBeGreaterThan(0);
    expect(result.reconciliation?.mockRedemptions).toBe(result.reconciliation?.flowsRedeemed);
  }, 60_000);

  it('is refused at set-up with another key (the demo key, as before the fix)', async () => {
    const result = await run(defaults.apiKey);
    expect(result.exitCode).toBe(exitCodes.scriptAborted);
    expect(result.message).toMatch(/rejected the API key/);
  }, 60_000);
});
