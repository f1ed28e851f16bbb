import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, defaults } from '../config.ts';

describe('configFromEnv', () => {
  it('points every default at the embedded mock', () => {
    expect(configFromEnv({})).toEqual({
      offersUrl: defaults.baseUrl,
      posUrl: defaults.baseUrl,
      apiKey: defaults.apiKey,
      retailerId: defaults.retailerId,
      storeId: defaults.storeId,
      clientId: defaults.clientId,
    });
  });

  it('lets the two hosts differ and strips trailing slashes', () => {
    const config = configFromEnv({
      SESSIONM_BASE_URL: 'http://127.0.0.1:9000/',
      SESSIONM_POS_URL: 'https://pos-client.stg-sessionm.com/',
    });
    expect(config.offersUrl).toBe('http://127.0.0.1:9000');
    expect(config.posUrl).toBe('https://pos-client.stg-sessionm.com');
  });

  it.each([
    ['SESSIONM_OFFERS_URL', 'offers-client.stg-sessionm.com', /SESSIONM_OFFERS_URL must be an http\(s\) URL/],
    ['SESSIONM_POS_URL', 'ftp://pos', /SESSIONM_POS_URL must be an http\(s\) URL/],
    ['SESSIONM_BASE_URL', 'http://host with space', /SESSIONM_BASE_URL/],
    ['SESSIONM_STORE_ID', 'store-1', /SESSIONM_STORE_ID must be a uuid, got "store-1"/],
    ['SESSIONM_CLIENT_ID', '686ed454', /SESSIONM_CLIENT_ID must be a uuid/],
    ['SESSIONM_RETAILER_ID', 'x', /SESSIONM_RETAILER_ID must be a uuid/],
    ['SESSIONM_API_KEY', 'two words', /SESSIONM_API_KEY must be a non-empty token without spaces/],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => configFromEnv({ [name]: value })).toThrow(message);
  });

  it('never puts the API key into an error message', () => {
    expect(() => configFromEnv({ SESSIONM_API_KEY: 'secret token' })).toThrow(/^(?!.*secret).*$/);
  });
});
