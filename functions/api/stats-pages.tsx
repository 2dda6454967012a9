/**
 * `/stats`: the public figures, for the county or one township (`?area={stationId}`): for each of
 * the last twelve months, cases received, acknowledged within their SLA, resolved, and the average
 * rating, as a chart and as tables (functions/ui/StatsPage.tsx). The same figures as GET /api/v1/stats,
 * from the monthly counters (two small reads per month); CloudFront keeps the page ten minutes.
 */
import { Hono } from 'hono/tiny';
import { lastMonthsStats, type Figures, type MonthStats } from '../domain/stats.ts';
import { t } from '../ui/site.ts';
import { StatsPage, type TableFigures } from '../ui/StatsPage.tsx';
import type { ApiDeps } from './deps.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';

const MONTHS = 12;

/** Figures added up over months; the average rating weighted by each month's number of ratings. */
export function sumFigures(list: readonly Figures[]): TableFigures {
  const ratings = list.reduce((n, f) => n + f.ratings, 0);
  const weighted = list.reduce((n, f) => n + (f.averageRating ?? 0) * f.ratings, 0);
  return {
    received: list.reduce((n, f) => n + f.received, 0),
    acknowledgedInTime: list.reduce((n, f) => n + f.acknowledgedInTime, 0),
    resolved: list.reduce((n, f) => n + f.resolved, 0),
    ratings,
    averageRating: ratings ? Math.round((weighted / ratings) * 10) / 10 : null,
  };
}

export function statsRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const months = await lastMonthsStats(deps.counters, county, deps.clock.now(), MONTHS); // newest first
    const station = county.stations.find((s) => s.id === c.req.query('area'));
    const of = (ms: MonthStats): Figures => (station ? ms.townships.find((x) => x.stationId === station.id)?.figures : ms.county) ?? ms.county;
    const townships = county.stations.map((s) => ({ name: s.township, figures: sumFigures(months.map((ms) => ms.townships.find((x) => x.stationId === s.id)?.figures).filter((f): f is Figures => f !== undefined)) }));
    return sendPage(c, {
      ctx,
      title: t(ctx).stats.title,
      css: ['/stats.css'],
      body: (
        <StatsPage
          ctx={ctx}
          county={county}
          area={station && { id: station.id, name: station.township }}
          months={months.map((ms) => ({ month: ms.month, figures: of(ms) }))}
          areaTotal={sumFigures(months.map(of))}
          townships={townships}
          countyTotal={sumFigures(months.map((ms) => ms.county))}
        />
      ),
      switchTo: switchLink(ctx, '/stats', { area: station?.id }),
      cache: 'public, max-age=600',
    });
  });
}
