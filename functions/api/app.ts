/**
 * The Hono app: one sub-app per resource, mounted with `app.route()`, and one `onError` that maps
 * domain errors to HTTP. The Lambda handler and the local server serve this same app.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ConflictError, FieldError, NotFoundError } from '../domain/case.ts';
import { casesRoutes, isFormPost, SubmissionInvalid } from './cases.ts';
import { adminRoutes } from './admin/routes.ts';
import type { AdminDeps } from './admin/session.ts';
import { errorsPage, pagesRoutes } from './pages.ts';
import { problem, problems, type FieldProblem } from './problem.ts';
import { villagesRoutes } from './villages.ts';
import { officerRoutes } from './officer-pages.ts';
import { publicDataRoutes } from './public-data.ts';
import { trackRoutes } from './track-pages.ts';
import { reportFormRoutes } from './report-form-post.ts';
import { rateRoutes } from './rate-pages.ts';
import { alertsRoutes } from './alerts-pages.ts';
import { statsRoutes } from './stats-pages.ts';
import { findRoutes } from './find-page.ts';

/** Largest request body accepted: a 500-character description and every optional field fit many times over. */
export const BODY_LIMIT_BYTES = 16 * 1024;
/** A roster CSV: about 100 bytes a village, so a county of 2,000 villages fits. */
export const ROSTER_IMPORT_LIMIT_BYTES = 256 * 1024;

export function createApp(deps: AdminDeps): Hono {
  const app = new Hono();

  const rosterImport = bodyLimit({ maxSize: ROSTER_IMPORT_LIMIT_BYTES, onError: (c) => problem(c, problems.tooLarge(ROSTER_IMPORT_LIMIT_BYTES)) });
  const anyOther = bodyLimit({ maxSize: BODY_LIMIT_BYTES, onError: (c) => problem(c, problems.tooLarge(BODY_LIMIT_BYTES)) });
  app.use('/api/*', (c, next) => (c.req.path === '/api/v1/admin/roster/import' ? rosterImport(c, next) : anyOther(c, next)));


  app.route('/api/v1/villages', villagesRoutes(deps));
  // Report forms (HTML form posts) first: bad fields re-render the form; the rest goes on to casesRoutes.
  app.route('/api/v1/cases', reportFormRoutes(deps));
  app.route('/api/v1/cases', casesRoutes(deps));
  app.route('/api/v1', publicDataRoutes(deps));
  app.route('/api/v1/admin', adminRoutes(deps));
  app.route('/', pagesRoutes(deps));
  app.route('/track', trackRoutes(deps));
  app.route('/rate', rateRoutes(deps));
  app.route('/alerts', alertsRoutes(deps));
  app.route('/stats', statsRoutes(deps));
  app.route('/find', findRoutes(deps));
  app.route('/o', officerRoutes(deps));

  app.notFound((c) => (c.req.path.startsWith('/api/') ? problem(c, problems.notFound(`no route ${c.req.method} ${c.req.path}`)) : c.text('Not found', 404)));

  app.onError(async (error, c) => {
    const invalid = asFieldProblems(error);
    if (invalid) {
      if (isFormPost(c)) {
        const { county } = await deps.county.get();
        return c.html(errorsPage(county.locale, invalid), 400);
      }
      return problem(c, problems.validation(invalid));
    }
    if (error instanceof NotFoundError) return problem(c, problems.notFound(error.message));
    if (error instanceof ConflictError) return problem(c, problems.conflict(error.message));
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, { type: '/problems/http', title: error.message || 'Bad request', status: error.status as 400 });
    }
    deps.logger.error('unhandled error', { error: error as Error, path: c.req.path, method: c.req.method });
    return problem(c, problems.internal());
  });

  return app;
}

function asFieldProblems(error: Error): readonly FieldProblem[] | undefined {
  if (error instanceof SubmissionInvalid) return error.errors;
  if (error instanceof FieldError) return [{ field: error.field, message: error.message }];
  return undefined;
}

