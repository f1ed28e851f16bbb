// Flag parsing shared by npm run verify and npm run broker -- verify: which provider to verify, with which fixtures.
import { ConfigError, configFromEnv, type SessionMConfig } from '../client/config.ts';
import { type Fixtures, loadFixtures, parseFixtures } from '../contracts/provider/fixtures.ts';

type Env = Record<string, string | undefined>;

/**
 * The provider a command verifies, from its --base-url / --offers-url / --pos-url / --fixtures and the environment
 * (SESSIONM_API_KEY, fixture variables); the client's configuration rules name a bad URL or key.
 */
export function providerFromOptions(
  values: { 'base-url'?: string; 'offers-url'?: string; 'pos-url'?: string; fixtures?: string },
  env: Env,
): { config: SessionMConfig; fixtures: Fixtures } {
  if (!values['base-url'] && !(values['offers-url'] && values['pos-url'])) {
    throw new ConfigError('give --base-url, or both --offers-url and --pos-url');
  }
  const config = configFromEnv({
    SESSIONM_BASE_URL: values['base-url'] ?? values['offers-url'],
    SESSIONM_OFFERS_URL: values['offers-url'],
    SESSIONM_POS_URL: values['pos-url'],
    SESSIONM_API_KEY: env.SESSIONM_API_KEY,
    // The credential may come as a secret with its client id, as the mock and the client take it.
    SESSIONM_API_SECRET: env.SESSIONM_API_SECRET,
    SESSIONM_CLIENT_ID: env.SESSIONM_CLIENT_ID,
  });
  // Without a file every id must come from the environment: say which flag would have given them.
  const fixtures = values.fixtures
    ? loadFixtures(values.fixtures, env)
    : parseFixtures({}, env, '--fixtures FILE (a copy of contracts/fixtures.example.json)');
  return { config, fixtures };
}
