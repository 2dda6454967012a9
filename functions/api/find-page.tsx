/**
 * `/find?q=…`: the home page's "type your village's name" without JavaScript. One match goes
 * straight to that village's contact card (303); otherwise the matches, or every village by township
 * (functions/ui/FindPage.tsx).
 */
import { Hono } from 'hono/tiny';
import { FindPage } from '../ui/FindPage.tsx';
import { findVillages, villageCards } from '../ui/roster.ts';
import { staticPath, t } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';

export function findRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const q = (c.req.query('q') ?? '').trim().slice(0, 40);
    const found = findVillages(villageCards(county), q);
    if (found.length === 1) return c.redirect(staticPath(ctx, `/v/${found[0]!.id}/`), 303);
    return sendPage(c, {
      ctx,
      title: t(ctx).find.title,
      body: <FindPage ctx={ctx} county={county} q={q} found={found} />,
      switchTo: switchLink(ctx, '/find', { q }),
      cache: 'public, max-age=300',
    });
  });
}
