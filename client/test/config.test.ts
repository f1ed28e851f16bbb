import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { basicCredential, ConfigError, configFromEnv, defaults, isBasicCredential } from '../config.ts';

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
    ['SESSIONM_API_KEY', 'two words', /SESSIONM_API_KEY must be the base64 of client_id:secret/],
    ['SESSIONM_API_KEY', 'demo-api-key', /SESSIONM_API_KEY must be the base64 of client_id:secret/],
    ['SESSIONM_API_KEY', btoa('no colon in here'), /SESSIONM_API_KEY must be the base64 of client_id:secret/],
    ['SESSIONM_API_KEY', btoa('id:secret1').replace(/=+$/, ''), /SESSIONM_API_KEY must be the base64/],
  ])('rejects a bad %s with a message naming it', (name, value, message) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => configFromEnv({ [name]: value })).toThrow(message);
  });

  it('never puts the API key into an error message', () => {
    expect(() => configFromEnv({ SESSIONM_API_KEY: 'secret token' })).toThrow(/^(?!.*secret token).*$/);
  });

  it('defaults to a real Basic credential: the base64 of the demo client_id and secret', () => {
    expect(atob(defaults.apiKey)).toBe(`${defaults.clientId}:demo-secret`);
    expect(isBasicCredential(defaults.apiKey)).toBe(true);
  });

  it('takes SESSIONM_API_KEY as issued, or builds it from SESSIONM_CLIENT_ID and SESSIONM_API_SECRET', () => {
    const key = btoa('d4d950af-1a37-4a10-ba8b-c2fb8ee24340:s3cr:et');
    expect(configFromEnv({ SESSIONM_API_KEY: ` ${key} ` }).apiKey).toBe(key);
    const clientId = 'd4d950af-1a37-4a10-ba8b-c2fb8ee24340';
    const built = configFromEnv({ SESSIONM_CLIENT_ID: clientId, SESSIONM_API_SECRET: 's3cr:et' });
    expect(built.apiKey).toBe(key);
    expect(basicCredential(clientId, 'ü')).toBe(Buffer.from(`${clientId}:ü`).toString('base64'));
  });

  it('is what the curl examples of README.md and mock/README.md send', () => {
    for (const file of ['README.md', 'mock/README.md']) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      const tokens = [...text.matchAll(/Authorization: Basic ([^\s'"<`]+)/g)].map((m) => m[1]);
      expect(tokens.length, file).toBeGreaterThan(0);
      expect(new Set(tokens), file).toEqual(new Set([defaults.apiKey]));
    }
  });

  it('refuses both SESSIONM_API_KEY and SESSIONM_API_SECRET', () => {
    expect(() => configFromEnv({ SESSIONM_API_KEY: defaults.apiKey, SESSIONM_API_SECRET: 'x' })).toThrow(
      'set SESSIONM_API_KEY or SESSIONM_API_SECRET, not both',
    );
  });
});
