/**
 * The villages' A4 posters for the noticeboard: `/posters/` (every village on one page; printed, one
 * poster per page) and `/posters/{villageId}/` (one village's, to print on its own). Laid out by
 * /poster.css (screen: a card; print: one A4 page each). Each village's QR code is an SVG
 * file (`/qr/{villageId}.svg`) that the posters show and the sheet offers to download.
 */
import { fmt } from '../messages/index.ts';
import { Document } from './Document.tsx';
import type { VillageCard } from './roster.ts';
import { countyLang, countyText, fmtHtml, type SiteContext, staticPath, staticSwitch, t } from './site.ts';

/** One village's poster: its card and the address its QR code opens. */
export interface PosterModel {
  readonly card: VillageCard;
  readonly url: string;
}

const POSTER_CSS = ['/poster.css'];

/** Where a village's QR code is, as a file made at build time (also the download link's target). */
const qrPath = (id: string) => `/qr/${id}.svg`;

/**
 * The QR code: the village's `/qr/{id}.svg` file, labelled for a screen reader with the village and
 * the address it opens. A file rather than inline geometry, so the sheet of every village's poster
 * stays light however many villages a county has, and the browser fetches each code once for the
 * sheet, the village's own poster and the download.
 */
function QrImage({ id, label }: { readonly id: string; readonly label: string }) {
  return <img src={qrPath(id)} alt={label} width="200" height="200" />;
}

/** One village's poster: village name, the QR code to its page, the officer's and assistant's names, the duty phone and the emergency number. */
export function Poster({ ctx, poster: { card, url } }: { readonly ctx: SiteContext; readonly poster: PosterModel }) {
  const m = t(ctx);
  const lang = countyLang(ctx);
  return (
    <article class="poster" id={`poster-${card.id}`} aria-labelledby={`poster-${card.id}-title`}>
      <p class="poster-site">{fmtHtml(m.site.name, { short: countyText(ctx, ctx.shortName) })}</p>
      <h2 class="poster-title" id={`poster-${card.id}-title`} lang={lang}>{card.name}</h2>
      <p class="poster-scan">{m.posters.scan}</p>
      <div class="poster-qr"><QrImage id={card.id} label={fmt(m.posters.qrLabel, { village: card.name, url })} /></div>
      <p class="poster-url">{url}</p>
      <p class="poster-hint">{m.posters.scanHint}</p>
      <p class="poster-people">{fmtHtml(m.posters.officer, { name: countyText(ctx, card.officer.name) })}</p>
      <p class="poster-people">{fmtHtml(m.posters.assistant, { name: countyText(ctx, card.assistant.name) })}</p>
      {card.dutyPhone && <p class="poster-people">{m.village.dutyPhone} {card.dutyPhone}</p>}
      {card.officeHours && <p class="poster-people" lang={lang}>{card.officeHours}</p>}
      <p class="poster-sos">{m.posters.emergency} <strong>{ctx.emergencyNumber}</strong></p>
    </article>
  );
}

/** The link to a village's QR code as a file. */
function QrFileLink({ ctx, id }: { readonly ctx: SiteContext; readonly id: string }) {
  return <a href={qrPath(id)} download={`qr-${id}.svg`}>{t(ctx).posters.svg}</a>;
}

export function PostersPage({ ctx, posters }: { readonly ctx: SiteContext; readonly posters: readonly PosterModel[] }) {
  const m = t(ctx);
  return (
    <Document ctx={ctx} title={m.posters.title} switchTo={staticSwitch(ctx, '/posters/')} css={POSTER_CSS} script="poster">
      <div class="screen-only">
        <h1>{m.posters.title}</h1>
        <p>{m.posters.intro}</p>
        <p><button class="button" type="button" data-print="" hidden>{m.posters.print}</button></p>
        <ul class="poster-index">
          {posters.map(({ card }) => (
            <li>
              <a href={`#poster-${card.id}`}>{card.township} {card.name}</a> · <a href={staticPath(ctx, `/posters/${card.id}/`)}>{m.posters.one}</a> · <QrFileLink ctx={ctx} id={card.id} />
            </li>
          ))}
        </ul>
      </div>
      {posters.map((poster) => <Poster ctx={ctx} poster={poster} />)}
    </Document>
  );
}

export function PosterPage({ ctx, poster }: { readonly ctx: SiteContext; readonly poster: PosterModel }) {
  const m = t(ctx);
  const { card } = poster;
  return (
    <Document ctx={ctx} title={`${m.posters.title} · ${card.name}`} switchTo={staticSwitch(ctx, `/posters/${card.id}/`)} css={POSTER_CSS} script="poster">
      <div class="screen-only">
        <h1>{m.posters.title} · {card.name}</h1>
        <p><a href={staticPath(ctx, '/posters/')}>{m.posters.title}</a> · <QrFileLink ctx={ctx} id={card.id} /></p>
        <p><button class="button" type="button" data-print="" hidden>{m.posters.printOne}</button></p>
      </div>
      <Poster ctx={ctx} poster={poster} />
    </Document>
  );
}
