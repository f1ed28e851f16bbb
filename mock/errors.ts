// Errors the mock answers with, and the one envelope (schemas/error.response.json) they are written in.
import type { ErrorCode, ErrorResponse, ValidationError } from '../schemas/generated/types.ts';

const statusOf: Record<ErrorCode, number> = {
  INVALID_JSON: 400,
  VALIDATION: 400,
  INVALID_API_KEY: 401,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  LOCK_CONFLICT: 409,
  ALREADY_REDEEMED: 409,
  NOT_LOCKED: 409,
  USER_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OFFER_NOT_ELIGIBLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** A rule the request broke; thrown before any state changes, answered as an error envelope. */
export class MockError extends Error {
  override name = 'MockError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly validationErrors?: ValidationError[],
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

/** One bad field, reported like a schema violation so clients handle both alike. */
export const invalid = (path: string, message: string) =>
  new MockError('VALIDATION', `request breaks the rules at ${path}: ${message}`, [{ path, message }]);

/** POS routes carry `payload: null` beside the error, as their success answers carry a payload. */
export function errorBody(error: MockError, pos: boolean): string {
  const body: ErrorResponse = {
    status: 'error',
    ...(pos ? { payload: null } : {}),
    errors: {
      code: error.code,
      message: error.message,
      ...(error.validationErrors ? { validation_errors: error.validationErrors } : {}),
    },
  };
  return JSON.stringify(body);
}
