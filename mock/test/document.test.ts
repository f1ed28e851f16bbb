// The mock and the bundled OpenAPI document agree on errors: each code the document shows is answered with the
// document's status, and every code the mock answers on an API route is in the document.
import { describe, expect, it } from 'vitest';
import { loadOpenApi } from '../../schemas/catalog.ts';
import { errorCodes } from '../../schemas/generated/operations.ts';
import { MockError } from '../errors.ts';

type Response = { $ref?: string; content: { 'application/json': { examples: Record<string, unknown> } } };
const doc = loadOpenApi() as unknown as {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, Response> }>>;
  components: { responses: Record<string, Response> };
};
const resolve = (r: Response) => (r.$ref ? (doc.components.responses[r.$ref.split('/').pop() ?? ''] as Response) : r);

const documented = Object.values(doc.paths).flatMap((item) =>
  Object.entries(item)
    .filter(([method]) => method !== 'servers')
    .flatMap(([, op]) =>
      Object.entries(op.responses)
        .filter(([status]) => Number(status) >= 400)
        .flatMap(([status, response]) =>
          Object.keys(resolve(response).content['application/json'].examples).map((code) => ({
            operationId: op.operationId,
            status: Number(status),
            code,
          })),
        ),
    ),
);

describe('errors in the OpenAPI document', () => {
  it('are answered by the mock with the status the document gives them', () => {
    expect(documented.length).toBeGreaterThan(100);
    for (const { operationId, status, code } of documented) {
      expect(new MockError(code as never, '').status, `${operationId} ${code}`).toBe(status);
    }
  });

  it('cover every code the mock answers on API routes (USER_EXISTS is admin-only)', () => {
    const codes = new Set(documented.map((d) => d.code));
    expect(errorCodes.filter((code) => !codes.has(code))).toEqual(['USER_EXISTS']);
  });
});
