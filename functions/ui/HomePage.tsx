/**
 * Home (`/`, `/en/`): what this is, that it is not for emergencies, find your village (by township
 * list, and by typing a name: a GET form to the server's /find, filtered live when JavaScript runs),
 * the report forms of each kind, and the way to follow a case.
 */
import { CASE_KINDS } from '../domain/case.ts';
import { fmt } from '../messages/index.ts';
import { Document } from './Document.tsx';
import { VILLAGE_CSS } from './VillagePage.tsx';
import { KindButtons } from './ReportForm.tsx';
import type { TownshipGroup } from './roster.ts';
import { countyLang, countyText, emergencyLink, fmtHtml, serverPath, type SiteContext, staticPath, staticSwitch, t } from './site.ts';

export interface Props {
  readonly ctx: SiteContext;
  readonly townships: readonly TownshipGroup[];
}

export function HomePage({ ctx, townships }: Props) {
  const m = t(ctx);
  const lang = countyLang(ctx);
  return (
    <Document ctx={ctx} title={fmt(m.home.title, { short: ctx.shortName })} switchTo={staticSwitch(ctx, '/')} css={VILLAGE_CSS} script>
      <h1>{fmtHtml(m.home.title, { short: countyText(ctx, ctx.shortName) })}</h1>
      <p>{m.home.intro}</p>
      <p class="note alert">{fmtHtml(m.home.notEmergency, { number: emergencyLink(ctx) })}</p>

      <section class="card" aria-labelledby="find-title">
        <h2 id="find-title">{m.home.findTitle}</h2>
        <form method="get" action="/find" role="search" class="find">
          <label for="q">{m.home.findLabel}</label>
          <div class="inline">
            <input type="search" id="q" name="q" maxlength={40} autocomplete="off" aria-describedby="q-hint" data-filter="townships" />
            <button class="button" type="submit">{m.home.findButton}</button>
          </div>
          <p class="note" id="q-hint">{m.home.findHint}</p>
          {ctx.locale !== ctx.defaultLocale && <input type="hidden" name="lang" value={ctx.locale} />}
        </form>
        <h3>{m.home.byTownship}</h3>
        <div id="townships">
          {townships.map((g) => (
            <section data-group="" aria-labelledby={`t-${g.stationIds[0]}`}>
              <h4 id={`t-${g.stationIds[0]}`} lang={lang}>{g.township}</h4>
              <ul class="villages" lang={lang}>
                {g.villages.map((v) => (
                  <li data-name={`${v.name} ${g.township} ${v.id}`}><a href={staticPath(ctx, `/v/${v.id}/`)}>{v.name}</a></li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </section>

      <section aria-labelledby="report-title">
        <h2 id="report-title">{m.home.reportTitle}</h2>
        <p>{m.home.reportIntro}</p>
        <KindButtons ctx={ctx} base="/report/" kinds={CASE_KINDS} />
      </section>

      <section class="card" aria-labelledby="track-title">
        <h2 id="track-title">{m.home.trackTitle}</h2>
        <p>{m.home.trackIntro}</p>
        <p><a class="button secondary" href={serverPath(ctx, '/track')}>{m.home.trackLink}</a></p>
      </section>
    </Document>
  );
}
