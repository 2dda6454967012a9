/**
 * RFC 9457 problem details. Every API error leaves through here, so a client sees one shape:
 * `{type, title, status, detail, errors?: [{field, message}]}` as application/problem+json.
 */
import type { Context } from 'hono';
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

export const problems = {
  validation: (errors: readonly FieldProblem[]): Problem => ({
    type: '/problems/validation',
    title: 'The request has invalid fields',
    status: 400,
    detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    errors,
  }),
  notFound: (detail: string): Problem => ({ type: '/problems/not-found', title: 'Not found', status: 404, detail }),
  conflict: (detail: string): Problem => ({ type: '/problems/conflict', title: 'Conflict', status: 409, detail }),
  tooLarge: (limit: number): Problem => ({ type: '/problems/too-large', title: 'Request body too large', status: 413, detail: `at most ${limit} bytes` }),
  unsupportedMediaType: (): Problem => ({
    type: '/problems/unsupported-media-type',
    title: 'Unsupported media type',
    status: 415,
    detail: 'send application/json or an HTML form (application/x-www-form-urlencoded)',
  }),
  internal: (): Problem => ({ type: '/problems/internal', title: 'Something went wrong on our side', status: 500, detail: 'nothing you sent was lost; try again in a moment' }),
};

/** Zod issues → `[{field, message}]`, with the field named as the client sent it (`score`, `villageId`). */
export function fieldProblems(error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] }): FieldProblem[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}
