// The scanner the secret-searching tests share finds what it is meant to find, and nothing in clean text.
import { describe, expect, it } from 'vitest';
import { basicCredential, defaults } from '../config.ts';
import { leaks, secretNeedles } from './leaks.ts';

const secret = 'SECRET-KEY-canary-1234';
const apiKey = basicCredential(defaults.clientId, secret);
const needles = secretNeedles({ secret, apiKey, brokerToken: 'canary-broker-token-5678' });
const found = (where: string, text: string) => leaks(needles, where, text);

describe('the scanner', () => {
  it('finds the secret raw and inside base64 at any alignment, the key and the token', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = Buffer.from(`Basic ${prefix}${secret}!`).toString('base64');
      expect(found('planted', `token=${encoded}`).length, prefix).toBeGreaterThan(0);
    }
    expect(found('planted', `Authorization: Basic ${apiKey}`)).toContain(`planted: the API key (${apiKey})`);
    expect(found('planted', `secret=${secret}`)).toEqual([`planted: the API secret (${secret})`]);
    expect(found('planted', 'Bearer canary-broker-token-5678')).toEqual([
      'planted: the broker token (canary-broker-token-5678)',
    ]);
    expect(found('clean', `Authorization: Basic ${defaults.apiKey}`)).toEqual([]);
  });
});
