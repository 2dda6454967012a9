/** The domain's errors, each of which the API maps to one HTTP answer (functions/api/problem.ts). */

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}
/** A case reached a size DynamoDB cannot store: nothing was written; retrying cannot help. */
export class CaseLimitError extends Error {
  override readonly name = 'CaseLimitError';
}
export class FieldError extends Error {
  override readonly name = 'FieldError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
