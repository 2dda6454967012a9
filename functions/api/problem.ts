/**
 * RFC 9457 problem details. Every API error leaves through here, so a client sees one shape:
 * `{type, title, status, detail, errors?: [{field, message}]}` as application/problem+json.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { CaseLimitError, ConflictError, FieldError, NotFoundError } from '../domain/errors.ts';
import { ChallengeRequired, TooManyRequests, type Challenge } from '../domain/limits.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: ContentfulStatusCode;
  readonly detail?: string;
  readonly errors?: readonly FieldProblem[];
}

export function problem(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(p), p.status, { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers });
}

/** Headers an error's answer carries besides its body: `Retry-After` for a 429. */
export function problemHeaders(error: Error): Record<string, string> {
  return error instanceof TooManyRequests ? { 'Retry-After': String(error.retryAfterSeconds) } : {};
}

export const problems = {
  validation: (errors: readonly FieldProblem[]): Problem => ({
    type: '/problems/validation',
    title: 'The request has invalid fields',
    status: 400,
    detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  }),
  notFound: (detail: string): Problem => ({ type: '/problems/not-found', title: 'Not found', status: 404, detail }),
  forbidden: (detail: string): Problem => ({ type: '/problems/forbidden', title: 'Forbidden', status: 403, detail }),
  conflict: (detail: string): Problem => ({ type: '/problems/conflict', title: 'Conflict', status: 409, detail }),
  tooLarge: (limit: number): Problem => ({ type: '/problems/too-large', title: 'Request body too large', status: 413, detail: `at most ${limit} bytes` }),
  unsupportedMediaType: (): Problem => ({
    type: '/problems/unsupported-media-type',
    title: 'Unsupported media type',
    status: 415,
    detail: 'send application/json or an HTML form (application/x-www-form-urlencoded)',
  }),
  challenge: (error: ChallengeRequired): Problem & { challenge: Challenge } => ({
    type: '/problems/challenge-required',
    title: 'Proof of work required',
    status: 428,
    detail: error.message,
    errors: [{ field: 'altcha', message: error.rejected ? 'did not verify; solve the new challenge' : 'solve the challenge and send the solution in this field' }],
    challenge: error.challenge,
  }),
  tooMany: (error: TooManyRequests): Problem => ({ type: '/problems/too-many-requests', title: 'Too many requests', status: 429, detail: error.message }),
  internal: (): Problem => ({ type: '/problems/internal', title: 'Something went wrong on our side', status: 500, detail: 'nothing you sent was lost; try again in a moment' }),
};

/** Zod issues → `[{field, message}]`, with the field named as the client sent it (`score`, `villageId`). */
export function fieldProblems(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

/** The fields of a form post; a malformed body (no or wrong multipart boundary, say) is a 400 naming `(body)`, never a 500. */
export async function readForm(c: Context, options: { all?: boolean } = {}): Promise<Record<string, unknown>> {
  try {
    return (await c.req.parseBody(options)) as Record<string, unknown>;
  } catch {
    throw new SubmissionInvalid([{ field: '(body)', message: 'is not a readable form (multipart/form-data needs its boundary; or send application/x-www-form-urlencoded)' }]);
  }
}

/** Bad input on a submission: the app's onError answers problem+json, or a page for a form post. */
export class SubmissionInvalid extends Error {
  override readonly name = 'SubmissionInvalid';
  readonly errors: readonly { field: string; message: string }[];
  constructor(errors: readonly { field: string; message: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.errors = errors;
  }
}

/** The field problems an error stands for, if it is bad input. */
export function asFieldProblems(error: Error): readonly FieldProblem[] | undefined {
  if (error instanceof SubmissionInvalid) return error.errors;
  if (error instanceof FieldError) return [{ field: error.field, message: error.message }];
  return undefined;
}

/** The problem a domain or HTTP error answers with; undefined for an unexpected error (a 500). */
export function problemFor(error: Error): Problem | undefined {
  const invalid = asFieldProblems(error);
  if (invalid) return problems.validation(invalid);
  if (error instanceof NotFoundError) return problems.notFound(error.message);
  if (error instanceof ConflictError) return problems.conflict(error.message);
  if (error instanceof CaseLimitError) return { type: '/problems/case-too-large', title: 'This case cannot take more', status: 413, detail: error.message };
  if (error instanceof ChallengeRequired) return problems.challenge(error);
  if (error instanceof TooManyRequests) return problems.tooMany(error);
  if (error instanceof HTTPException && error.status < 500) return { type: '/problems/http', title: error.message || 'Bad request', status: error.status as 400 };
  return undefined;
}

/** Largest request body accepted: a 500-character description and every optional field fit many times over. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * A report form with its photos (multipart, no JavaScript): what one Lambda request carries (6 MB,
 * base64 included). With JavaScript each photo goes straight to object storage instead.
 */
export const PHOTO_FORM_LIMIT_BYTES = 4 * 1024 * 1024;

/** A body limit answered with problem+json (or `onTooLarge`, for a form post that wants a page). */
export function limitBody(maxSize: number, onTooLarge?: (c: Context) => Response | Promise<Response>) {
  return bodyLimit({ maxSize, onError: (c) => (onTooLarge ? onTooLarge(c) : problem(c, problems.tooLarge(maxSize))) });
}
