/** Not found and errors as problem+json, for the staff app and the sub-apps it loads on first use. */
import type { Env, Hono } from 'hono';
import { problem, problemFor, problemHeaders, problems } from '../problem.ts';
import type { AdminDeps } from './session.ts';

export function withErrorHandling<E extends Env>(app: Hono<E>, deps: Pick<AdminDeps, 'logger'>): Hono<E> {
  app.notFound((c) => problem(c, problems.notFound(`no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    const known = problemFor(error);
    if (known) return problem(c, known, problemHeaders(error));
    deps.logger.error('unhandled error', { error: error as Error, path: c.req.path, method: c.req.method });
    return problem(c, problems.internal());
  });
  return app;
}
