/**
 * `/stats`: the public figures of the last months, for the county or a township — a bar chart drawn
 * as inline SVG (no chart library, no script, no style attribute: the CSP allows none) and the same
 * figures as tables, which screen readers read.
 */
import type { County } from '../domain/county.ts';
import type { Figures } from '../domain/stats.ts';
import { fmt } from '../messages/index.ts';
import { AreaFilter } from './AreaFilter.tsx';
import { countyLang, countyText, fmtHtml, t, type SiteContext } from './site.ts';

/** What a table shows of a month's or an area's figures. */
export type TableFigures = Pick<Figures, 'received' | 'acknowledgedInTime' | 'resolved' | 'ratings' | 'averageRating'>;

function monthLabels(ctx: SiteContext, month: string): { short: string; full: string } {
  const [y, m] = month.split('-') as [string, string];
  const mon = new Intl.DateTimeFormat(ctx.locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(y), Number(m) - 1, 1)));
  const p = { y, m: Number(m), mon };
  return { short: fmt(t(ctx).stats.monthLabel, p), full: fmt(t(ctx).stats.monthFull, p) };
}

interface ChartProps {
  readonly ctx: SiteContext;
  /** What the chart shows, for who cannot see it. */
  readonly label: string;
  /** Oldest month first. */
  readonly series: readonly { readonly month: string; readonly figures: Pick<Figures, 'received' | 'resolved'> }[];
}

/** Bars of received (blue) and resolved (green) per month, oldest on the left; numbers are in the table. */
export function ChartSvg({ ctx, label, series }: ChartProps) {
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
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title" focusable="false">
      <title id="chart-title">{label}</title>
      {[0, 1, 2, 3, 4].map((i) => (
        <>
          <line x1={left} x2={W} y1={r(y(i * step))} y2={r(y(i * step))} stroke="#c9d1dc" stroke-width="1" />
          <text x={left - 6} y={r(y(i * step) + 4)} text-anchor="end" font-size="11" fill="#4a5361">
            {i * step}
          </text>
        </>
      ))}
      {series.map((s, i) => {
        const x = left + i * group + group * 0.14;
        return (
          <>
            <rect x={r(x)} y={r(y(s.figures.received))} width={r(bar)} height={r(y(0) - y(s.figures.received))} fill="#0b4fb3" />
            <rect x={r(x + bar)} y={r(y(s.figures.resolved))} width={r(bar)} height={r(y(0) - y(s.figures.resolved))} fill="#1b7a3a" />
            <text x={r(left + i * group + group / 2)} y={H - 6} text-anchor="middle" font-size="10" fill="#4a5361">
              {monthLabels(ctx, s.month).short}
            </text>
          </>
        );
      })}
    </svg>
  );
}

function Cells({ ctx, f }: { readonly ctx: SiteContext; readonly f: TableFigures }) {
  const m = t(ctx).stats;
  return (
    <>
      <td>{f.received}</td>
      <td>
        {f.acknowledgedInTime}
        {f.received ? ` (${Math.round((f.acknowledgedInTime / f.received) * 100)}%)` : ''}
      </td>
      <td>{f.resolved}</td>
      <td>{f.averageRating === null ? m.none : fmt(m.ratingOf, { avg: f.averageRating.toFixed(1), n: f.ratings })}</td>
    </>
  );
}

interface TableProps {
  readonly ctx: SiteContext;
  /** The heading's id: the table is labelled `{id}-caption`. */
  readonly id: string;
  readonly caption: string;
  /** The first column's heading (month, township). */
  readonly first: string;
  /** A row each, with its heading in `lang` when it is county text. */
  readonly rows: readonly { readonly label: string; readonly lang?: string | undefined; readonly figures: TableFigures }[];
  readonly total: { readonly label: string; readonly figures: TableFigures };
}

/** Figures as a table: received, acknowledged in time (and its share), resolved, average rating; a total at the foot. */
export function FiguresTable({ ctx, id, caption, first, rows, total }: TableProps) {
  const m = t(ctx).stats;
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-labelledby={`${id}-caption`}>
      <table>
        <caption class="sr-only" id={`${id}-caption`}>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">{m.received}</th>
            <th scope="col">{m.inTime}</th>
            <th scope="col">{m.resolved}</th>
            <th scope="col">{m.rating}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row" lang={row.lang}>
                {row.label}
              </th>
              <Cells ctx={ctx} f={row.figures} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{total.label}</th>
            <Cells ctx={ctx} f={total.figures} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

interface Props {
  readonly ctx: SiteContext;
  readonly county: Pick<County, 'stations'>;
  /** The township shown (its station's id and name), or the county. @default - the county */
  readonly area?: { readonly id: string; readonly name: string } | undefined;
  /** The area's figures of the last months, newest first. */
  readonly months: readonly { readonly month: string; readonly figures: TableFigures & Pick<Figures, 'received' | 'resolved'> }[];
  /** The area's figures over those months. */
  readonly areaTotal: TableFigures;
  /** Each township's figures over those months. */
  readonly townships: readonly { readonly name: string; readonly figures: TableFigures }[];
  /** The county's figures over those months. */
  readonly countyTotal: TableFigures;
}

export function StatsPage({ ctx, county, area, months, areaTotal, townships, countyTotal }: Props) {
  const m = t(ctx).stats;
  const n = months.length;
  const areaName = area?.name ?? m.county;
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <AreaFilter ctx={ctx} action="/stats" name="area" label={m.area} all={m.county} areas={county.stations.map((s) => ({ id: s.id, name: s.township }))} selected={area?.id} button={m.show} />
      <section class="card" aria-labelledby="by-month">
        <h2 id="by-month">{fmtHtml(m.byMonth, { area: area ? countyText(ctx, areaName) : areaName, n })}</h2>
        <ChartSvg ctx={ctx} label={fmt(m.chartLabel, { area: areaName })} series={[...months].reverse()} />
        <p class="legend" aria-hidden="true">
          <span class="key key-received"></span>
          {m.received}
          <span class="key key-resolved"></span>
          {m.resolved}
        </p>
        <FiguresTable ctx={ctx} id="by-month" caption={fmt(m.table, { title: fmt(m.byMonth, { area: areaName, n }) })} first={m.month} rows={months.map((ms) => ({ label: monthLabels(ctx, ms.month).full, figures: ms.figures }))} total={{ label: m.total, figures: areaTotal }} />
      </section>
      <section class="card" aria-labelledby="by-township">
        <h2 id="by-township">{fmt(m.byTownship, { n })}</h2>
        <FiguresTable ctx={ctx} id="by-township" caption={fmt(m.table, { title: fmt(m.byTownship, { n }) })} first={m.township} rows={townships.map((x) => ({ label: x.name, lang: countyLang(ctx), figures: x.figures }))} total={{ label: m.county, figures: countyTotal }} />
      </section>
    </>
  );
}
