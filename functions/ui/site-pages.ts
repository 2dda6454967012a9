/**
 * The static public pages that show the roster, as functions of a county: which pages exist (one
 * per language, and per village or kind where the route has them) and the props of each page's
 * component. The Astro build calls them with the county file (web/src/lib/pages.ts: each route's
 * `getStaticPaths`); the site publisher (functions/jobs/publish-site.ts) calls them with the roster
 * table's county and writes `siteFiles` where the site is served. The same components, the same
 * county, the same bytes: a console edit reaches the pages without a rebuild.
 */
import { CASE_KINDS } from '../domain/case.ts';
import type { County, Locale } from '../domain/county.ts';
import { loadMessages, SITE_LOCALES } from '../messages/site.ts';
import { qrSvg, villageUrl } from './qr.ts';
import { villageCards, villagesByTownship } from './roster.ts';
import { localePrefix, siteContext, type SiteContext } from './site.ts';
import { HomePage } from './HomePage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PosterPage, PostersPage, type PosterModel } from './PostersPage.tsx';
import { renderHtml } from './render.ts';
import { ReportPage } from './ReportPage.tsx';
import { VillagePage } from './VillagePage.tsx';

/**
 * The `[...lang]` route parameter of every public page: none for the county's own language (`/`),
 * `en` (or `zh`) for the other (`/en/`).
 */
export function siteLanguages(county: County): { lang: string | undefined; locale: Locale; ctx: SiteContext }[] {
  return SITE_LOCALES.map((locale) => ({
    lang: localePrefix(locale, county.locale).slice(1) || undefined,
    locale,
    ctx: siteContext(county, locale),
  }));
}

/** `/`, `/en/` */
export function homeRoutes(county: County) {
  const townships = villagesByTownship(county);
  return siteLanguages(county).map(({ lang, ctx }) => ({ params: { lang }, props: { ctx, townships } }));
}

/** `/v/{village}/` */
export function villageRoutes(county: County) {
  const cards = villageCards(county);
  return siteLanguages(county).flatMap(({ lang, ctx }) => cards.map((card) => ({ params: { lang, village: card.id }, props: { ctx, card } })));
}

/** `/report/{kind}/` */
export function reportRoutes(county: County) {
  const townships = villagesByTownship(county);
  return siteLanguages(county).flatMap(({ lang, ctx }) => CASE_KINDS.map((kind) => ({ params: { lang, kind }, props: { ctx, kind, county, townships } })));
}

/** `/v/{village}/{kind}/` */
export function villageReportRoutes(county: County) {
  const townships = villagesByTownship(county);
  return villageRoutes(county).flatMap(({ params, props }) => CASE_KINDS.map((kind) => ({ params: { ...params, kind }, props: { ...props, kind, county, townships } })));
}

/** Every village's poster: its card and the address of its page (its QR code is `/qr/{village}.svg`). */
function posters(county: County, publicUrl: string): PosterModel[] {
  return villageCards(county).map((card) => ({ card, url: villageUrl(publicUrl, card.id) }));
}

/** `/posters/` */
export function postersRoutes(county: County, publicUrl: string) {
  const all = posters(county, publicUrl);
  return siteLanguages(county).map(({ lang, ctx }) => ({ params: { lang }, props: { ctx, posters: all } }));
}

/** `/posters/{village}/` */
export function posterRoutes(county: County, publicUrl: string) {
  const all = posters(county, publicUrl);
  return siteLanguages(county).flatMap(({ lang, ctx }) => all.map((poster) => ({ params: { lang, village: poster.card.id }, props: { ctx, poster } })));
}

/** `/qr/{village}.svg`: each village's QR code as a file, which its posters show and offer to download. */
export function qrRoutes(county: County, publicUrl: string) {
  return villageCards(county).map((card) => ({ params: { village: card.id }, props: { url: villageUrl(publicUrl, card.id) } }));
}

/** `/404.html`, in the county's language. */
export function notFoundProps(county: County) {
  return { ctx: siteContext(county) };
}

/** A file of the public site: where it lives (relative to the site's root, no leading slash) and its text. */
export interface SiteFile {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
}

export const HTML_TYPE = 'text/html; charset=utf-8';
export const SVG_TYPE = 'image/svg+xml';

/** `v/dongshan/index.html`, `en/report/tip/index.html`: where a route's page lands (Astro's directory format). */
function pagePath(lang: string | undefined, ...segments: string[]): string {
  return [lang, ...segments, 'index.html'].filter(Boolean).join('/');
}

/**
 * Every file of the site that shows the roster, rendered by the page components from `county`: the
 * files the Astro build writes for these routes, byte for byte (tests/integration/site-pages.test.ts).
 */
export async function siteFiles(county: County, publicUrl: string): Promise<SiteFile[]> {
  await loadMessages();
  const html = async (path: string, page: Promise<string>): Promise<SiteFile> => ({ path, contentType: HTML_TYPE, body: await page });
  return Promise.all([
    ...homeRoutes(county).map(({ params, props }) => html(pagePath(params.lang), renderHtml(HomePage, props))),
    ...villageRoutes(county).map(({ params, props }) => html(pagePath(params.lang, 'v', params.village), renderHtml(VillagePage, props))),
    ...reportRoutes(county).map(({ params, props }) => html(pagePath(params.lang, 'report', params.kind), renderHtml(ReportPage, props))),
    ...villageReportRoutes(county).map(({ params, props }) => html(pagePath(params.lang, 'v', params.village, params.kind), renderHtml(ReportPage, props))),
    ...postersRoutes(county, publicUrl).map(({ params, props }) => html(pagePath(params.lang, 'posters'), renderHtml(PostersPage, props))),
    ...posterRoutes(county, publicUrl).map(({ params, props }) => html(pagePath(params.lang, 'posters', params.village), renderHtml(PosterPage, props))),
    ...qrRoutes(county, publicUrl).map(async ({ params, props }) => ({ path: `qr/${params.village}.svg`, contentType: SVG_TYPE, body: await qrSvg(props.url) })),
    html('404.html', renderHtml(NotFoundPage, notFoundProps(county))),
  ]);
}
