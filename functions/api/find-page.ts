/**
 * `/find?q=…`: the home page's "type your village's name" without JavaScript. One match goes
 * straight to that village's contact card (303); otherwise the matches, or every village by township.
 */
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { fmt } from '../messages/index.ts';
import { findVillages, villageCards, villagesByTownship } from '../ui/roster.ts';
import { countyLangAttr, staticPath, t } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';

export function findRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const m = t(ctx);
    const q = (c.req.query('q') ?? '').trim().slice(0, 40);
    const cards = villageCards(county);
    const found = findVillages(cards, q);
    if (found.length === 1) return c.redirect(staticPath(ctx, `/v/${found[0]!.id}/`), 303);
    const link = (id: string, name: string) => html`<li><a href="${staticPath(ctx, `/v/${id}/`)}"${countyLangAttr(ctx)}>${name}</a></li>`;
    return sendPage(c, {
      ctx,
      title: m.find.title,
      body: html`<h1>${m.find.title}</h1>
<form class="card" method="get" action="/find" role="search">
${ctx.locale !== ctx.defaultLocale ? html`<input type="hidden" name="lang" value="${ctx.locale}">` : ''}
<label for="q">${m.home.findLabel}</label>
<div class="inline"><input type="search" id="q" name="q" maxlength="40" value="${q}" autocomplete="off"><button class="button" type="submit">${m.home.findButton}</button></div>
</form>
${found.length > 1
  ? html`<section class="card" aria-labelledby="found"><h2 id="found">${fmt(m.find.results, { n: found.length })}</h2><ul class="villages">${found.map((v) => link(v.id, fmt(m.site.paren, { a: v.name, b: v.township })))}</ul></section>`
  : html`${q ? html`<p class="card" role="status">${fmt(m.find.none, { q })}</p>` : ''}
<section class="card" aria-labelledby="all"><h2 id="all">${m.home.byTownship}</h2>${villagesByTownship(county).map(
      (g) => html`<h3${countyLangAttr(ctx)}>${g.township}</h3><ul class="villages">${g.villages.map((v) => link(v.id, v.name))}</ul>`,
    )}</section>`}`,
      switchTo: switchLink(ctx, '/find', { q }),
      cache: 'public, max-age=300',
    });
  });
}
