/**
 * The public Hono app: one sub-app per resource, mounted with `app.route()`, and one `onError` that
 * maps domain errors to HTTP. The api Lambda and the local server serve this same app; the admin
 * console's API is a second app (admin/app.ts) in a function of its own, with its own grants.
 */
import { Hono } from 'hono/tiny';
import { requireOrigin } from '../edge/origin.ts';
import { casesRoutes } from './cases.ts';
import { isFormPost, isMultipart } from './media.ts';
import { errorsPage, wantsJson } from './submit.ts';
import type { ApiDeps } from './deps.ts';
import { asFieldProblems, BODY_LIMIT_BYTES, limitBody, PHOTO_FORM_LIMIT_BYTES, problem, problemFor, problemHeaders, problems } from './problem.ts';
import { villagesRoutes } from './villages.ts';
import { publicDataRoutes } from './public-data.ts';
import { LOCALE_PREFIXES } from '../ui/site.ts';
import { lazyApp } from './lazy.ts';
import { loadMessages } from '../messages/site.ts';
import { fieldMessages } from '../domain/field-errors.ts';

/** The pages the server renders, each at `/{page}` and under each language's prefix (`/en/{page}`); server-pages.ts has their routes. */
export const SERVER_PAGES = ['track', 'rate', 'alerts', 'stats', 'find'] as const;
export type ServerPage = (typeof SERVER_PAGES)[number];
const SERVER_PAGE_PATHS = ['/receipt/:caseNumber', ...['', ...LOCALE_PREFIXES].flatMap((prefix) => SERVER_PAGES.map((page) => `${prefix}/${page}`))];

export function createApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use('*', requireOrigin(deps.originSecret));
  // Pages and form posts need the page strings (chunks of their own in the Lambda bundle, loaded
  // once); the JSON API never does, so a cold start that only serves it never loads them.
  app.use('*', async (c, next) => {
    if (!c.req.path.startsWith('/api/') || isFormPost(c)) await loadMessages();
    await next();
  });
  // A report form may carry photos (multipart); everything else stays small.
  const small = limitBody(BODY_LIMIT_BYTES);
  const withPhotos = limitBody(PHOTO_FORM_LIMIT_BYTES, async (c) => {
    const { county } = await deps.county.get();
    return c.html(await errorsPage(county.locale, [{ field: 'photo', message: fieldMessages(county.locale).photo }]), 413);
  });
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && c.req.path === '/api/v1/cases' && isMultipart(c) ? withPhotos(c, next) : small(c, next)));
  // So may a resident's answer on the track page (`/track`, `/en/track`).
  app.use('*', (c, next) => (c.req.method === 'POST' && /^(\/[\w-]+)?\/track$/.test(c.req.path) ? (isMultipart(c) ? withPhotos(c, next) : small(c, next)) : next()));

  app.route('/api/v1/villages', villagesRoutes(deps));
  app.route('/api/v1/cases', casesRoutes(deps));
  app.route('/api/v1', publicDataRoutes(deps));
  // The server pages load on the first request for one (server-pages.ts), so a cold start that
  // serves only the JSON API does not load them.
  const pages = lazyApp(async () => withErrorHandling((await import('./server-pages.ts')).serverPagesRoutes(deps), deps));
  for (const path of SERVER_PAGE_PATHS) app.all(path, pages);
  return withErrorHandling(app, deps);
}

/**
 * Not found and errors: problem+json for the API, the site's 404 page for a page (functions/api/not-found.tsx),
 * the form again (as a page) for a form post.
 */
export function withErrorHandling(app: Hono, deps: Pick<ApiDeps, 'county' | 'logger'>): Hono {
  app.notFound(async (c) => {
    if (c.req.path.startsWith('/api/')) return problem(c, problems.notFound(`no route ${c.req.method} ${c.req.path}`));
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return c.text('Not found', 404);
    // The page strings are loaded: the middleware above loads them for every path outside /api/.
    const [{ county }, { notFoundPage }] = await Promise.all([deps.county.get(), import('./not-found.tsx')]);
    return notFoundPage(c, county);
  });
  app.onError(async (error, c) => {
    const invalid = asFieldProblems(error);
    if (invalid && isFormPost(c) && !wantsJson(c)) {
      const [{ county }] = await Promise.all([deps.county.get(), loadMessages()]);
      return c.html(await errorsPage(county.locale, invalid), 400);
    }
    const known = problemFor(error);
    if (known) return problem(c, known, problemHeaders(error));
    deps.logger.error('unhandled error', { error: error as Error, path: c.req.path, method: c.req.method });
    return problem(c, problems.internal());
  });
  return app;
}
