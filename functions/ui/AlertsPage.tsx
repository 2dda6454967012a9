/**
 * `/alerts`: the anti-fraud and safety bulletins in force, county-wide and a township's. Titles and
 * bodies are the county's words, marked with its language on a page in the other.
 */
import type { Alert } from '../domain/alerts.ts';
import type { County } from '../domain/county.ts';
import { fmt } from '../messages/index.ts';
import { AreaFilter } from './AreaFilter.tsx';
import { countyLang, countyText, fmtHtml, t, type SiteContext } from './site.ts';
import { formatWhen } from './when.ts';

interface Props {
  readonly ctx: SiteContext;
  readonly county: Pick<County, 'stations' | 'timezone'>;
  readonly alerts: readonly Alert[];
  /** The station whose area is shown, besides the county-wide alerts. @default - every area */
  readonly stationId?: string | undefined;
}

export function AlertsPage({ ctx, county, alerts, stationId }: Props) {
  const m = t(ctx).alerts;
  const date = (iso: string) => formatWhen(ctx.locale, county.timezone, iso, false);
  // A township with two stations names the station too.
  const area = new Map(county.stations.map((s) => [s.id, county.stations.filter((x) => x.township === s.township).length > 1 ? fmt(t(ctx).site.paren, { a: s.township, b: s.name }) : s.township]));
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      <AreaFilter ctx={ctx} action="/alerts" name="station" label={m.area} all={m.all} areas={county.stations.map((s) => ({ id: s.id, name: area.get(s.id) ?? s.township }))} selected={stationId} button={m.show} />
      {alerts.length === 0 && <p class="card">{m.none}</p>}
      {alerts.map((a) => (
        <article class="card" id={`alert-${a.id}`} aria-labelledby={`alert-${a.id}-title`}>
          <h2 id={`alert-${a.id}-title`} lang={countyLang(ctx)}>
            {a.title}
          </h2>
          <p class="alert-meta">
            {a.stationId ? countyText(ctx, area.get(a.stationId) ?? a.stationId) : m.countyWide} · {fmtHtml(m.source, { by: countyText(ctx, a.publishedBy) })} · <time datetime={a.publishedAt}>{date(a.publishedAt)}</time>
          </p>
          <p class="alert-body" lang={countyLang(ctx)}>
            {a.body}
          </p>
          <p class="note">{fmt(m.until, { date: date(a.expiresAt) })}</p>
        </article>
      ))}
    </>
  );
}
