// Parses an HTTP answer into a typed result. No Node built-ins.
import type { OperationId, OperationTypes } from '../schemas/generated/operations.ts';
import type { ErrorResponse } from '../schemas/generated/types.ts';

export interface HttpResponse {
  status: number;
  body: string;
}

export type ApiResult<Op extends OperationId> =
  | { ok: true; operationId: Op; status: number; body: OperationTypes[Op]['response'] }
  | { ok: false; operationId: Op; status: number; error: ErrorResponse | undefined; text: string };

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isErrorEnvelope = (value: unknown): value is ErrorResponse =>
  typeof value === 'object' && value !== null && typeof (value as ErrorResponse).errors?.code === 'string';

export function parseResponse<Op extends OperationId>(operationId: Op, response: HttpResponse): ApiResult<Op> {
  const json = parseJson(response.body);
  if (response.status >= 200 && response.status < 300 && json !== undefined && !isErrorEnvelope(json)) {
    return { ok: true, operationId, status: response.status, body: json as OperationTypes[Op]['response'] };
  }
  return {
    ok: false,
    operationId,
    status: response.status,
    error: isErrorEnvelope(json) ? json : undefined,
    text: response.body,
  };
}

/** One line for logs and check messages: "lockUserOffer → 409 LOCK_CONFLICT: …". */
export function describeFailure(result: Extract<ApiResult<OperationId>, { ok: false }>): string {
  const detail = result.error
    ? `${result.error.errors.code}: ${result.error.errors.message}`
    : `non-envelope body ${JSON.stringify(result.text.slice(0, 200))}`;
  return `${result.operationId} → ${result.status} ${detail}`;
}
