/**
 * `GET /api/v1/alerts` and `GET /api/v1/stats`: what the public pages show besides cases. Both are
 * the same for every resident, so CloudFront caches them. The figures come from the monthly counters:
 * two small reads per month, however many cases there are.
 */
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono/tiny';
import { activeAlerts } from '../domain/alerts.ts';
import { lastMonthsStats } from '../domain/stats.ts';
import * as z from 'zod/mini';
import type { ApiDeps } from './deps.ts';
import { fieldProblems, problem, problems } from './problem.ts';

export function publicDataRoutes(deps: ApiDeps): Hono {
  return new Hono()
    .get(
      '/alerts',
      zValidator('query', z.object({ stationId: z.optional(z.string().check(z.maxLength(40))) }), (r, c) => {
        if (!r.success) return problem(c, problems.validation(fieldProblems(r.error)));
      }),
      async (c) => {
        const alerts = activeAlerts(await deps.alerts.recent(50), deps.clock.now(), c.req.valid('query').stationId);
        return c.json(alerts, 200, { 'Cache-Control': 'public, max-age=60' });
      },
    )
    .get(
      '/stats',
      zValidator('query', z.object({ months: z._default(z.coerce.number().check(z.int(), z.minimum(1, 'at least 1'), z.maximum(24, 'at most 24')), 12) }), (r, c) => {
        if (!r.success) return problem(c, problems.validation(fieldProblems(r.error)));
      }),
      async (c) => {
        const { county } = await deps.county.get();
        return c.json({ months: await lastMonthsStats(deps.counters, county, deps.clock.now(), c.req.valid('query').months) }, 200, { 'Cache-Control': 'public, max-age=600' });
      },
    );
}
