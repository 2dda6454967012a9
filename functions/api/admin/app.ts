/**
 * The staff side as an app of its own, served by its own Lambda: the admin console's API and the
 * officer's case page behind the SMS link (`/o/*`). It alone holds the grants staff work needs
 * (roster writes, SMS for sign-in codes), and the public api function's bundle stays small.
 */
import { Hono } from 'hono/tiny';
import { requireOrigin } from '../../edge/origin.ts';
import { BODY_LIMIT_BYTES, limitBody } from '../problem.ts';
import { lazyApp } from '../lazy.ts';
import { withErrorHandling } from './errors.ts';
import { adminRoutes } from './routes.ts';
import type { AdminDeps } from './session.ts';

/** A roster CSV: about 100 bytes a village, so a county of 2,000 villages fits. */
export const ROSTER_IMPORT_LIMIT_BYTES = 256 * 1024;

export function createAdminApp(deps: AdminDeps): Hono {
  const app = new Hono();
  app.use('*', requireOrigin(deps.originSecret));
  const rosterImport = limitBody(ROSTER_IMPORT_LIMIT_BYTES);
  const anyOther = limitBody(BODY_LIMIT_BYTES);
  app.use('/api/v1/admin/*', (c, next) => (c.req.path === '/api/v1/admin/roster/import' ? rosterImport(c, next) : anyOther(c, next)));
  app.use('/o/*', anyOther);
  app.route('/api/v1/admin', adminRoutes(deps));
  // The officer inbox (sign-in once per phone) and its case pages, then the case page from an SMS's
  // one-tap link: staff work, so they run with the staff grants. Their pages load on the first
  // request for one, so a cold start that serves the console does not load them.
  app.all(
    '/o/*',
    lazyApp(async () => {
      const [{ inboxRoutes }, { officerRoutes }] = await Promise.all([import('../officer-inbox.tsx'), import('../officer-pages.tsx')]);
      return withErrorHandling(new Hono().route('/o', inboxRoutes(deps)).route('/o', officerRoutes(deps)), deps);
    }),
  );
  return withErrorHandling(app, deps);
}
