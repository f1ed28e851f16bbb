// The route table, resolved once at start: API routes from the bundled OpenAPI document (every path item and method,
// aliases included), admin routes from admin.ts. Each route validates its body with the compiled schema before any
// handler runs.
import type { ValidateFunction } from 'ajv';
import { loadOperations } from '../schemas/catalog.ts';
import type { OperationId } from '../schemas/generated/operations.ts';
import { formatErrors, validatorFor, violationText } from '../schemas/validate.ts';
import { adminRoutes } from './admin.ts';
import { MockError } from './errors.ts';
import { errorReply, okReply, type Reply, type Route } from './http.ts';
import type { MockInstance } from './instance.ts';
import { operationHandlers } from './operations.ts';

/** path → method → route */
type RouteTable = Map<string, Map<string, Route>>;

function checked(validator: ValidateFunction, pos: boolean, body: unknown): Reply | undefined {
  if (validator(body)) return undefined;
  const violations = formatErrors(validator.errors);
  return errorReply(
    new MockError('VALIDATION', `request breaks the schema: ${violationText(violations)}`, violations),
    pos,
  );
}

function answer(pos: boolean, run: () => unknown): Reply {
  try {
    return okReply(run());
  } catch (error) {
    if (error instanceof MockError) return errorReply(error, pos);
    throw error;
  }
}

type PosEnvelope = { client_id: string; request_id: string };

export function buildRoutes(mock: MockInstance): RouteTable {
  const table: RouteTable = new Map();
  const add = (path: string, method: string, route: Route) => {
    const methods = table.get(path) ?? new Map<string, Route>();
    methods.set(method, route);
    table.set(path, methods);
  };

  const handlers = operationHandlers(mock.store) as Record<OperationId, (request: unknown, now: number) => unknown>;
  for (const op of loadOperations()) {
    const validator = validatorFor(op.requestSchema);
    const handler = handlers[op.operationId as OperationId];
    // The document is read at run time, the handlers' types at build time: refuse to start if they drifted apart.
    if (!handler)
      throw new Error(`mock: the OpenAPI document has ${op.operationId}, which the mock does not implement`);
    const pos = op.api === 'pos';
    const route: Route = {
      auth: true,
      pos,
      readsBody: true,
      operationId: op.operationId,
      handle(body, now) {
        const rejected = checked(validator, pos, body);
        if (rejected) return rejected;
        if (!pos) return answer(false, () => handler(body, now));
        // Idempotency: a repeated request_id from the same client gets the first answer, errors included.
        const { client_id, request_id } = body as PosEnvelope;
        const id = `${op.operationId}\n${client_id.toLowerCase()}\n${request_id}`;
        const first = mock.replies.get(id);
        if (first) return first;
        const reply = answer(true, () => handler(body, now));
        mock.replies.set(id, reply);
        return reply;
      },
    };
    for (const { path, method } of op.routes) add(path, method, route);
  }

  for (const admin of adminRoutes(mock)) {
    const validator = admin.requestSchema ? validatorFor(admin.requestSchema) : undefined;
    add(admin.path, admin.method, {
      auth: false,
      pos: false,
      readsBody: validator !== undefined,
      handle: (body) => (validator && checked(validator, false, body)) || answer(false, () => admin.run(body)),
    });
  }
  return table;
}
