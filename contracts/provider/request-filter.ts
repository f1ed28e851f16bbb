// Puts the real key on requests that carry the pacts' placeholder; the deliberately bad key stays bad.
import { placeholderApiKey } from '../names.ts';

/** The part of express's request handler that filters use (pact-js's proxy is express). */
export interface FilterRequest {
  path: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}
export interface FilterResponse {
  status(code: number): { json(body: unknown): void };
}
export type RequestFilter = (req: FilterRequest, res: FilterResponse, next: () => void) => void;

export function credentialsFilter(apiKey: string): RequestFilter {
  return (req, _res, next) => {
    if (req.headers.authorization === `Basic ${placeholderApiKey}`) req.headers.authorization = `Basic ${apiKey}`;
    next();
  };
}
