/**
 * The pages the server renders (the receipt, track, rate, alerts, stats, find) as one sub-app, which
 * the api function loads on the first request for one of them (app.ts, `lazyApp`): a cold start
 * that serves only the JSON API does not load them.
 */
import { Hono } from 'hono/tiny';
import type { ServerPage } from './app.ts';
import type { ApiDeps } from './deps.ts';
import { pagesRoutes } from './pages.tsx';
import { trackRoutes } from './track-pages.tsx';
import { rateRoutes } from './rate-pages.ts';
import { alertsRoutes } from './alerts-pages.tsx';
import { statsRoutes } from './stats-pages.tsx';
import { findRoutes } from './find-page.tsx';
import { LOCALE_PREFIXES } from '../ui/site.ts';

const ROUTES: Record<ServerPage, (deps: ApiDeps) => Hono> = { track: trackRoutes, rate: rateRoutes, alerts: alertsRoutes, stats: statsRoutes, find: findRoutes };

export function serverPagesRoutes(deps: ApiDeps): Hono {
  const app = new Hono();
  app.route('/', pagesRoutes(deps));
  // The server pages answer at `/track` and, like the static pages, under each language's prefix
  // (`/en/track`); the prefix names the page's language (contextFor).
  const serverPages = new Hono();
  for (const [page, routes] of Object.entries(ROUTES)) serverPages.route(`/${page}`, routes(deps));
  for (const prefix of ['', ...LOCALE_PREFIXES]) app.route(prefix || '/', serverPages);
  return app;
}
