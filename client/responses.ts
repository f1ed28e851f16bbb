// Parses an HTTP answer into a typed result. No Node built-ins.
import { type SchemaViolation, violationText } from '../schemas/errors.ts';
import type { OperationId, OperationTypes } from '../schemas/generated/operations.ts';
import type { ErrorResponse } from '../schemas/generated/types.ts';
import { type Cause, causeOf, causeText } from './causes.ts';

export interface HttpResponse {
  status: number;
  body: string;
  /** Why no answer came (status 0): the transport's error text. */
  error?: string;
}

/** One call's outcome: the typed body of a success, or what failed. */
export type CallResult<Id extends string, Body> =
  | { ok: true; operationId: Id; status: number; body: Body }
  | {
      ok: false;
      operationId: Id;
      status: number;
      error: ErrorResponse | undefined;
      text: string;
      /** Status 0: what the transport said instead of an answer. */
      networkError?: string;
      /** A 2xx whose body breaks its schema (the admin client checks its answers). */
      violations?: SchemaViolation[];
    };

export type ApiResult<Op extends OperationId> = CallResult<Op, OperationTypes[Op]['response']>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isErrorEnvelope = (value: unknown): value is ErrorResponse =>
  typeof value === 'object' && value !== null && typeof (value as ErrorResponse).errors?.code === 'string';

export function parseResponse<Id extends string, Body>(operationId: Id, response: HttpResponse): CallResult<Id, Body> {
  const json = parseJson(response.body);
  if (response.status >= 200 && response.status < 300 && json !== undefined && !isErrorEnvelope(json)) {
    return { ok: true, operationId, status: response.status, body: json as Body };
  }
  return {
    ok: false,
    operationId,
    status: response.status,
    error: isErrorEnvelope(json) ? json : undefined,
    text: response.body,
    ...(response.status === 0 && response.error ? { networkError: response.error } : {}),
  };
}

type Failure = Extract<CallResult<string, unknown>, { ok: false }>;

/** The cause of a failed result: no answer (by kind), a body that is no JSON, or the status with its code. */
export function failureCause(result: Failure): Cause {
  if (result.violations) return { kind: 'schema', status: result.status };
  return causeOf({
    status: result.status,
    ...(result.networkError ? { error: result.networkError } : {}),
    json: result.error !== undefined || parseJson(result.text) !== undefined,
    ...(result.error ? { code: result.error.errors.code } : {}),
  });
}

/** One line for logs and check messages: "lockUserOffer → 409 LOCK_CONFLICT: …", "lockUserOffer → no answer: …". */
export function describeFailure(result: Failure): string {
  if (result.status === 0) {
    const cause = failureCause(result);
    const said = result.networkError && causeText(cause) !== result.networkError ? ` (${result.networkError})` : '';
    return `${result.operationId} → no answer: ${causeText(cause)}${said}`;
  }
  const detail = result.violations
    ? `off its response schema: ${violationText(result.violations)}`
    : result.error
      ? `${result.error.errors.code}: ${result.error.errors.message}`
      : `non-envelope body ${JSON.stringify(result.text.slice(0, 200))}`;
  return `${result.operationId} → ${result.status} ${detail}`;
}
