/**
 * `/alerts`: the anti-fraud and safety bulletins in force, county-wide ones and, with
 * `?station={stationId}`, that station's (the village pages link here with their station). The same
 * alerts as GET /api/v1/alerts, read the same way (one Query, newest first).
 */
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { activeAlerts } from '../domain/alerts.ts';
import { fmt } from '../messages/index.ts';
import { countyLangAttr, countyText, fmtHtml, t } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { contextFor, formatWhen, sendPage, switchLink } from './public-page.ts';

export function alertsRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const m = t(ctx).alerts;
    const station = county.stations.find((s) => s.id === c.req.query('station'));
    const alerts = activeAlerts(await deps.alerts.recent(50), deps.clock.now(), station?.id);
    const townships = new Map(county.stations.map((s) => [s.id, county.stations.filter((x) => x.township === s.township).length > 1 ? fmt(t(ctx).site.paren, { a: s.township, b: s.name }) : s.township]));
    return sendPage(c, {
      ctx,
      title: m.title,
      body: html`<h1>${m.title}</h1>
<p>${m.intro}</p>
<form class="card" method="get" action="/alerts">
${ctx.locale !== ctx.defaultLocale ? html`<input type="hidden" name="lang" value="${ctx.locale}">` : ''}
<div class="field"><label for="station">${m.area}</label><div class="inline"><select id="station" name="station"><option value="">${m.all}</option>${county.stations.map(
        (s) => html`<option value="${s.id}"${s.id === station?.id ? ' selected' : ''}${countyLangAttr(ctx)}>${townships.get(s.id)}</option>`,
      )}</select><button class="button" type="submit">${m.show}</button></div></div>
</form>
${alerts.length === 0 ? html`<p class="card">${m.none}</p>` : ''}
${alerts.map(
  (a) => html`<article class="card" id="alert-${a.id}" aria-labelledby="alert-${a.id}-title">
<h2 id="alert-${a.id}-title"${countyLangAttr(ctx)}>${a.title}</h2>
<p class="alert-meta">${a.stationId ? countyText(ctx, townships.get(a.stationId) ?? a.stationId) : m.countyWide} · ${fmtHtml(m.source, { by: countyText(ctx, a.publishedBy) })} · <time datetime="${a.publishedAt}">${formatWhen(ctx.locale, county.timezone, a.publishedAt, false)}</time></p>
<p class="alert-body"${countyLangAttr(ctx)}>${a.body}</p>
<p class="note">${fmt(m.until, { date: formatWhen(ctx.locale, county.timezone, a.expiresAt, false) })}</p>
</article>`,
)}`,
      switchTo: switchLink(ctx, '/alerts', { station: station?.id }),
      cache: 'public, max-age=60',
    });
  });
}
