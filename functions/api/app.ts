/**
 * The public Hono app: one sub-app per resource, mounted with `app.route()`, and one `onError` that
 * maps domain errors to HTTP. The api Lambda and the local server serve this same app; the admin
 * console's API is a second app (admin/app.ts) in a function of its own, with its own grants.
 */
import { Hono } from 'hono/tiny';
import { requireOrigin } from '../edge/origin.ts';
import { casesRoutes, isFormPost, isMultipart, wantsJson } from './cases.ts';
import type { ApiDeps } from './deps.ts';
import { errorsPage, pagesRoutes } from './pages.ts';
import { asFieldProblems, BODY_LIMIT_BYTES, limitBody, PHOTO_FORM_LIMIT_BYTES, problem, problemFor, problemHeaders, problems } from './problem.ts';
import { villagesRoutes } from './villages.ts';
import { publicDataRoutes } from './public-data.ts';
import { trackRoutes } from './track-pages.ts';
import { reportFormRoutes } from './report-form-post.ts';
import { rateRoutes } from './rate-pages.ts';
import { alertsRoutes } from './alerts-pages.ts';
import { statsRoutes } from './stats-pages.ts';
import { findRoutes } from './find-page.ts';
import { LOCALE_PREFIXES } from '../../web/src/shared/site.ts';
import { loadMessages } from '../../web/src/i18n/index.ts';

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
    return c.html(errorsPage(county.locale, [{ field: 'photo', message: `more than ${PHOTO_FORM_LIMIT_BYTES / 1024 / 1024} MB of photos in one form` }]), 413);
  });
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && c.req.path === '/api/v1/cases' && isMultipart(c) ? withPhotos(c, next) : small(c, next)));
  // So may a resident's answer on the track page (`/track`, `/en/track`).
  app.use('*', (c, next) => (c.req.method === 'POST' && /^(\/[\w-]+)?\/track$/.test(c.req.path) ? (isMultipart(c) ? withPhotos(c, next) : small(c, next)) : next()));

  app.route('/api/v1/villages', villagesRoutes(deps));
  // Report forms (HTML form posts) first: bad fields re-render the form; the rest goes on to casesRoutes.
  app.route('/api/v1/cases', reportFormRoutes(deps));
  app.route('/api/v1/cases', casesRoutes(deps));
  app.route('/api/v1', publicDataRoutes(deps));
  app.route('/', pagesRoutes(deps));
  // The server pages answer at `/track` and, like the static pages, under each language's prefix
  // (`/en/track`); the prefix names the page's language (contextFor).
  const serverPages = new Hono()
    .route('/track', trackRoutes(deps))
    .route('/rate', rateRoutes(deps))
    .route('/alerts', alertsRoutes(deps))
    .route('/stats', statsRoutes(deps))
    .route('/find', findRoutes(deps));
  for (const prefix of ['', ...LOCALE_PREFIXES]) app.route(prefix || '/', serverPages);
  return withErrorHandling(app, deps);
}

/** Not found and errors: problem+json for the API, the form again (as a page) for a form post. */
export function withErrorHandling(app: Hono, deps: Pick<ApiDeps, 'county' | 'logger'>): Hono {
  app.notFound((c) => (c.req.path.startsWith('/api/') ? problem(c, problems.notFound(`no route ${c.req.method} ${c.req.path}`)) : c.text('Not found', 404)));
  app.onError(async (error, c) => {
    const invalid = asFieldProblems(error);
    if (invalid && isFormPost(c) && !wantsJson(c)) {
      const [{ county }] = await Promise.all([deps.county.get(), loadMessages()]);
      return c.html(errorsPage(county.locale, invalid), 400);
    }
    const known = problemFor(error);
    if (known) return problem(c, known, problemHeaders(error));
    deps.logger.error('unhandled error', { error: error as Error, path: c.req.path, method: c.req.method });
    return problem(c, problems.internal());
  });
  return app;
}
