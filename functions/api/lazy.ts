/**
 * A sub-app whose modules load on the first request that reaches it: the code of a path most cold
 * starts never take stays in a chunk of its own (infra/bundling.ts splits at `import()`), and the
 * function's cold start loads less. The sub-app answers the request itself (its own `notFound` and
 * `onError`, the ones of the app it stands in: `withErrorHandling`), with the request and the
 * Lambda event as they reached the outer app, once the outer app's middleware has run.
 */
import type { Env, Handler, Hono } from 'hono';

export function lazyApp<E extends Env>(load: () => Promise<Hono<E>>): Handler<E> {
  let loaded: Promise<Hono<E>> | undefined;
  return async (c) => {
    // A failed import is tried again on the next request rather than remembered.
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return (await loaded).fetch(c.req.raw, c.env);
  };
}
