/**
 * `/stats`: the public figures, for the county or one township (`?area={stationId}`): for each of
 * the last twelve months, cases received, acknowledged within their SLA, resolved, and the average
 * rating; a small bar chart drawn on the server as inline SVG (no chart library, no script) and the
 * same figures as tables, which screen readers read. The same figures as GET /api/v1/stats, from the
 * monthly counters (two small reads per month); CloudFront keeps the page ten minutes.
 */
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { lastMonthsStats, type Figures, type MonthStats } from '../domain/stats.ts';
import { fmt } from '../messages/index.ts';
import { countyLangAttr, countyText, fmtHtml, t, type SiteContext } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';

const MONTHS = 12;

/** Figures added up over months; the average rating weighted by each month's number of ratings. */
export function sumFigures(list: readonly Figures[]): Pick<Figures, 'received' | 'acknowledgedInTime' | 'resolved' | 'ratings' | 'averageRating'> {
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

function monthLabels(ctx: SiteContext, month: string): { short: string; full: string } {
  const [y, m] = month.split('-') as [string, string];
  const mon = new Intl.DateTimeFormat(ctx.locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)));
  const p = { y, m: Number(m), mon };
  return { short: fmt(t(ctx).stats.monthLabel, p), full: fmt(t(ctx).stats.monthFull, p) };
}

/** Bars of received (blue) and resolved (green) per month, oldest on the left; numbers are in the table. */
export function chartSvg(ctx: SiteContext, label: string, series: readonly { month: string; figures: Pick<Figures, 'received' | 'resolved'> }[]) {
  // Drawn at about the size a 360-px phone shows it, so the labels stay readable.
  const W = 340;
  const H = 170;
  const left = 28;
  const bottom = 22;
  const top = 8;
  const max = Math.max(1, ...series.map((s) => s.figures.received));
  // A round top for the scale: 1, 2, 5, 10, 20, 50…
  const step = [1, 2, 5].flatMap((k) => [1, 10, 100, 1000, 10000].map((p) => k * p)).sort((a, b) => a - b).find((s) => s * 4 >= max) ?? max;
  const scaleTop = step * 4;
  const y = (v: number) => top + (H - top - bottom) * (1 - v / scaleTop);
  const group = (W - left) / Math.max(1, series.length);
  const bar = Math.max(2, group * 0.32);
  const r = (n: number) => Math.round(n * 10) / 10;
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title" focusable="false"><title id="chart-title">${label}</title>
${[0, 1, 2, 3, 4].map((i) => html`<line x1="${left}" x2="${W}" y1="${r(y(i * step))}" y2="${r(y(i * step))}" stroke="#c9d1dc" stroke-width="1"/><text x="${left - 6}" y="${r(y(i * step) + 4)}" text-anchor="end" font-size="11" fill="#4a5361">${i * step}</text>`)}
${series.map((s, i) => {
  const x = left + i * group + group * 0.14;
  return html`<rect x="${r(x)}" y="${r(y(s.figures.received))}" width="${r(bar)}" height="${r(y(0) - y(s.figures.received))}" fill="#0b4fb3"/><rect x="${r(x + bar)}" y="${r(y(s.figures.resolved))}" width="${r(bar)}" height="${r(y(0) - y(s.figures.resolved))}" fill="#1b7a3a"/><text x="${r(left + i * group + group / 2)}" y="${H - 6}" text-anchor="middle" font-size="10" fill="#4a5361">${monthLabels(ctx, s.month).short}</text>`;
})}
</svg>`;
}

export function statsRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const m = t(ctx).stats;
    const months = await lastMonthsStats(deps.counters, county, deps.clock.now(), MONTHS); // newest first
    const station = county.stations.find((s) => s.id === c.req.query('area'));
    const areaName = station ? station.township : m.county;
    const of = (ms: MonthStats): Figures => (station ? ms.townships.find((x) => x.stationId === station.id)?.figures : ms.county) ?? ms.county;
    const cells = (f: Pick<Figures, 'received' | 'acknowledgedInTime' | 'resolved' | 'ratings' | 'averageRating'>) =>
      html`<td>${f.received}</td><td>${f.acknowledgedInTime}${f.received ? ` (${Math.round((f.acknowledgedInTime / f.received) * 100)}%)` : ''}</td><td>${f.resolved}</td><td>${f.averageRating === null ? m.none : fmt(m.ratingOf, { avg: f.averageRating.toFixed(1), n: f.ratings })}</td>`;
    const head = (first: string) => html`<thead><tr><th scope="col">${first}</th><th scope="col">${m.received}</th><th scope="col">${m.inTime}</th><th scope="col">${m.resolved}</th><th scope="col">${m.rating}</th></tr></thead>`;
    const townships = county.stations.map((s) => ({ name: s.township, figures: sumFigures(months.map((ms) => ms.townships.find((x) => x.stationId === s.id)?.figures).filter((f): f is Figures => f !== undefined)) }));

    return sendPage(c, {
      ctx,
      title: m.title,
      css: ['/stats.css'],
      body: html`<h1>${m.title}</h1>
<p>${m.intro}</p>
<form class="card" method="get" action="/stats">
${ctx.locale !== ctx.defaultLocale ? html`<input type="hidden" name="lang" value="${ctx.locale}">` : ''}
<div class="field"><label for="area">${m.area}</label><div class="inline"><select id="area" name="area"><option value="">${m.county}</option>${county.stations.map(
        (s) => html`<option value="${s.id}"${s.id === station?.id ? ' selected' : ''}${countyLangAttr(ctx)}>${s.township}</option>`,
      )}</select><button class="button" type="submit">${m.show}</button></div></div>
</form>
<section class="card" aria-labelledby="by-month">
<h2 id="by-month">${fmtHtml(m.byMonth, { area: station ? countyText(ctx, areaName) : areaName, n: MONTHS })}</h2>
${chartSvg(ctx, fmt(m.chartLabel, { area: areaName }), [...months].reverse().map((ms) => ({ month: ms.month, figures: of(ms) })))}
<p class="legend" aria-hidden="true"><span class="key key-received"></span>${m.received}<span class="key key-resolved"></span>${m.resolved}</p>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="by-month-caption"><table><caption class="sr-only" id="by-month-caption">${fmt(m.table, { title: fmt(m.byMonth, { area: areaName, n: MONTHS }) })}</caption>${head(m.month)}<tbody>${months.map(
        (ms) => html`<tr><th scope="row">${monthLabels(ctx, ms.month).full}</th>${cells(of(ms))}</tr>`,
      )}</tbody><tfoot><tr><th scope="row">${m.total}</th>${cells(sumFigures(months.map(of)))}</tr></tfoot></table></div>
</section>
<section class="card" aria-labelledby="by-township">
<h2 id="by-township">${fmt(m.byTownship, { n: MONTHS })}</h2>
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="by-township-caption"><table><caption class="sr-only" id="by-township-caption">${fmt(m.table, { title: fmt(m.byTownship, { n: MONTHS }) })}</caption>${head(m.township)}<tbody>${townships.map(
        (x) => html`<tr><th scope="row"${countyLangAttr(ctx)}>${x.name}</th>${cells(x.figures)}</tr>`,
      )}</tbody><tfoot><tr><th scope="row">${m.county}</th>${cells(sumFigures(months.map((ms) => ms.county)))}</tr></tfoot></table></div>
</section>`,
      switchTo: switchLink(ctx, '/stats', { area: station?.id }),
      cache: 'public, max-age=600',
    });
  });
}
