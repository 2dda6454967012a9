/**
 * `GET /api/v1/alerts` and `GET /api/v1/stats`: what the public pages show besides cases. Both are
 * the same for every resident, so they are cached (in this process and by CloudFront).
 */
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import * as z from 'zod';
import { monthIn } from '../domain/case.ts';
import { activeAlerts } from '../domain/alerts.ts';
import { monthStats, recentMonths, type MonthStats } from '../domain/stats.ts';
import type { ApiDeps } from './deps.ts';
import { fieldProblems, problem, problems } from './problem.ts';

const STATS_TTL_MS = 10 * 60_000;

export function publicDataRoutes(deps: ApiDeps): Hono {
  const cache = new Map<string, { at: number; months: MonthStats[] }>();

  /** One Query per month by the byMonth index; a month's figures are kept for ten minutes. */
  async function statsFor(count: number): Promise<MonthStats[]> {
    const { county } = await deps.county.get();
    const now = deps.clock.now();
    return Promise.all(
      recentMonths(monthIn(county.timezone, now), count).map(async (month) => {
        const hit = cache.get(month);
        if (hit && now.getTime() - hit.at < STATS_TTL_MS) return hit.months[0]!;
        const figures = monthStats(county, month, await deps.cases.casesInMonth(month));
        cache.set(month, { at: now.getTime(), months: [figures] });
        return figures;
      }),
    );
  }

  return new Hono()
    .get(
      '/alerts',
      zValidator('query', z.object({ stationId: z.string().max(40).optional() }), (r, c) => {
        if (!r.success) return problem(c, problems.validation(fieldProblems(r.error)));
      }),
      async (c) => {
        const alerts = activeAlerts(await deps.alerts.recent(50), deps.clock.now(), c.req.valid('query').stationId);
        return c.json(alerts, 200, { 'Cache-Control': 'public, max-age=60' });
      },
    )
    .get(
      '/stats',
      zValidator('query', z.object({ months: z.coerce.number().int().min(1, 'at least 1').max(24, 'at most 24').default(12) }), (r, c) => {
        if (!r.success) return problem(c, problems.validation(fieldProblems(r.error)));
      }),
      async (c) => c.json({ months: await statsFor(c.req.valid('query').months) }, 200, { 'Cache-Control': 'public, max-age=600' }),
    );
}
