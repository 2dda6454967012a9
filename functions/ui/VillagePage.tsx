/**
 * `/v/{villageId}/`: the police–resident contact card (警民联系卡), where the noticeboard's QR code
 * lands. The officer and the assistant (names, photo placeholders), the workstation's hours and duty
 * phone, a button for each kind of report, and the township's safety alerts (a link that works
 * without JavaScript; with it, the newest three titles are listed here).
 */
import { CASE_KINDS } from '../domain/case.ts';
import { fmt } from '../messages/index.ts';
import { Document } from './Document.tsx';
import { KindButtons } from './ReportForm.tsx';
import type { VillageCard } from './roster.ts';
import { countyLang, countyText, fmtHtml, serverPath, type SiteContext, staticPath, staticSwitch, t } from './site.ts';

/** The stylesheet of the pages with the kind buttons and a contact card (home, village), after /site.css. */
export const VILLAGE_CSS = ['/village.css'];

export interface Props {
  readonly ctx: SiteContext;
  readonly card: VillageCard;
}

/** One of the village's two people: a photo placeholder (the name's first character) and the name. */
function Person({ ctx, role, name }: { readonly ctx: SiteContext; readonly role: string; readonly name: string }) {
  return (
    <div class="person">
      <span class="photo" role="img" aria-label={fmt(t(ctx).village.photo, { name })}>{name.slice(0, 1)}</span>
      <p><small>{role}</small><strong lang={countyLang(ctx)}>{name}</strong></p>
    </div>
  );
}

/** The contact card: who looks after the village, when the workstation is open, its duty phone, the station. */
export function ContactCard({ ctx, card }: Props) {
  const m = t(ctx);
  const lang = countyLang(ctx);
  return (
    <section class="card contact-card" aria-labelledby="card-title">
      <h2 id="card-title">{m.village.heading}</h2>
      <div class="people">
        <Person ctx={ctx} role={m.village.officer} name={card.officer.name} />
        <Person ctx={ctx} role={m.village.assistant} name={card.assistant.name} />
      </div>
      <dl class="facts">
        {card.officeHours && <><dt>{m.village.hours}</dt><dd lang={lang}>{card.officeHours}</dd></>}
        {card.dutyPhone && <><dt>{m.village.dutyPhone}</dt><dd><a href={`tel:${card.dutyPhone}`}>{card.dutyPhone}</a></dd></>}
        <dt>{m.village.station}</dt><dd lang={lang}>{card.stationName}</dd>
      </dl>
    </section>
  );
}

export function VillagePage({ ctx, card }: Props) {
  const m = t(ctx);
  const lang = countyLang(ctx);
  const alertsPage = serverPath(ctx, '/alerts', { station: card.stationId });
  return (
    <Document ctx={ctx} title={fmt(m.village.title, { village: card.name })} switchTo={staticSwitch(ctx, `/v/${card.id}/`)} css={VILLAGE_CSS} script>
      <h1 lang={lang}>{card.name}</h1>
      <p class="note" lang={lang}>{card.township} · {card.officeName}</p>
      <ContactCard ctx={ctx} card={card} />
      <section aria-labelledby="report-title">
        <h2 id="report-title">{m.village.reportTitle}</h2>
        <p>{m.village.reportIntro}</p>
        <KindButtons ctx={ctx} base={`/v/${card.id}/`} kinds={CASE_KINDS} />
      </section>
      <section class="card" aria-labelledby="alerts-title" data-alerts={`/api/v1/alerts?stationId=${encodeURIComponent(card.stationId)}`} data-href={alertsPage}>
        <h2 id="alerts-title">{m.village.alertsTitle}</h2>
        <ul class="alert-list" hidden></ul>
        <p><a href={alertsPage}>{fmtHtml(m.village.alertsLink, { township: countyText(ctx, card.township) })}</a></p>
      </section>
      <p><a class="button secondary" href={serverPath(ctx, '/track')}>{m.home.trackLink}</a></p>
      <p class="note"><a href={staticPath(ctx, `/posters/${card.id}/`)}>{m.village.poster}</a></p>
    </Document>
  );
}
