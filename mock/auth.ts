// HTTP Basic exactly as the OpenAPI document declares it (RFC 7617): the scheme "Basic" in any letter case, then the
// padded base64 of user-id:password. The mock knows one credential: client_id:secret, as the seed's sample is.
import { isBasicCredential } from '../client/config.ts';

const header = /^basic +(\S+)$/i;

/** Why an Authorization header is refused, for the 401's message; undefined when it carries `apiKey`. */
export type BasicCheck = (authorization: string | undefined) => string | undefined;

export function basicAuth(apiKey: string): BasicCheck {
  if (!isBasicCredential(apiKey)) throw new Error('mock: the API key must be the base64 of client_id:secret');
  const expected = `Basic ${apiKey}`;
  const credential = Buffer.from(apiKey, 'base64').toString('latin1');
  return (authorization) => {
    if (authorization === expected) return undefined;
    if (authorization === undefined) return 'send Authorization: Basic base64(client_id:secret)';
    const token = header.exec(authorization)?.[1];
    if (token === undefined) return 'Authorization must use the Basic scheme: Basic base64(client_id:secret)';
    if (!isBasicCredential(token)) return 'the Basic credential must be the base64 of client_id:secret';
    return Buffer.from(token, 'base64').toString('latin1') === credential ? undefined : 'the API key is not known';
  };
}
