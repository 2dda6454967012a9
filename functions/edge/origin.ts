/**
 * Only CloudFront may call the functions. CloudFront adds a secret header (`X-Origin-Verify`) to
 * every request it forwards to the HTTP API; a request without it came straight to the
 * `execute-api` endpoint and gets a 403 before any route runs. Locally there is no secret and no check.
 *
 * Why a header and not `disableExecuteApiEndpoint`: CloudFront's origin IS the execute-api host name,
 * so turning that endpoint off would cut CloudFront off too, unless the API had a custom domain of its
 * own (a certificate in the API's region and a DNS name), which a county without a domain cannot have.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem } from '../api/problem.ts';

export const ORIGIN_VERIFY_HEADER = 'X-Origin-Verify';

export function requireOrigin(secret: string | undefined): MiddlewareHandler {
  const expected = secret === undefined ? undefined : Buffer.from(secret);
  return async (c, next) => {
    if (expected) {
      const given = Buffer.from(c.req.header(ORIGIN_VERIFY_HEADER) ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return problem(c, { type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'use the site address, not the API endpoint' });
      }
    }
    await next();
  };
}
