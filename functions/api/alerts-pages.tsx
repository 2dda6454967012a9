/**
 * `/alerts`: the anti-fraud and safety bulletins in force, county-wide ones and, with
 * `?station={stationId}`, that station's (the village pages link here with their station). The same
 * alerts as GET /api/v1/alerts, read the same way (one Query, newest first).
 */
import { Hono } from 'hono/tiny';
import { activeAlerts } from '../domain/alerts.ts';
import { AlertsPage } from '../ui/AlertsPage.tsx';
import { t } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';

export function alertsRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const station = county.stations.find((s) => s.id === c.req.query('station'));
    const alerts = activeAlerts(await deps.alerts.recent(50), deps.clock.now(), station?.id);
    return sendPage(c, {
      ctx,
      title: t(ctx).alerts.title,
      body: <AlertsPage ctx={ctx} county={county} alerts={alerts} stationId={station?.id} />,
      switchTo: switchLink(ctx, '/alerts', { station: station?.id }),
      cache: 'public, max-age=60',
    });
  });
}
