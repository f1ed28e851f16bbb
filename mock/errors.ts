// Errors the mock answers with, and the one envelope (schemas/error.response.json) they are written in.
import { errorStatus } from '../client/causes.ts';
import type { ErrorCode, ErrorResponse, ValidationError } from '../schemas/generated/types.ts';

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
    this.status = errorStatus[code];
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
