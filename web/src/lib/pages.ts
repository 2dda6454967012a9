/**
 * What each static page is built from (its `getStaticPaths`): one page per language, and per
 * village or kind where the route has them, each with the props of its page component in
 * functions/ui. The Astro pages under src/pages are a line of routing and one render each.
 */
import { CASE_KINDS } from '../../../functions/domain/case.ts';
import { languages, loadCounty, villageCards, villagesByTownship } from './county.ts';
import { villageUrl } from './qr.ts';

/** `/`, `/en/` */
export async function homePaths() {
  const townships = villagesByTownship(await loadCounty());
  return (await languages()).map(({ lang, ctx }) => ({ params: { lang }, props: { ctx, townships } }));
}

/** `/v/{village}/` */
export async function villagePaths() {
  const cards = villageCards(await loadCounty());
  return (await languages()).flatMap(({ lang, ctx }) => cards.map((card) => ({ params: { lang, village: card.id }, props: { ctx, card } })));
}

/** `/report/{kind}/` */
export async function reportPaths() {
  const county = await loadCounty();
  const townships = villagesByTownship(county);
  return (await languages()).flatMap(({ lang, ctx }) => CASE_KINDS.map((kind) => ({ params: { lang, kind }, props: { ctx, kind, county, townships } })));
}

/** `/v/{village}/{kind}/` */
export async function villageReportPaths() {
  const county = await loadCounty();
  const townships = villagesByTownship(county);
  return (await villagePaths()).flatMap(({ params, props }) => CASE_KINDS.map((kind) => ({ params: { ...params, kind }, props: { ...props, kind, county, townships } })));
}

/** Every village's poster: its card and the address of its page (its QR code is `/qr/{village}.svg`). */
async function posters() {
  const county = await loadCounty();
  return villageCards(county).map((card) => ({ card, url: villageUrl(county, card.id) }));
}

/** `/posters/` */
export async function postersPaths() {
  const all = await posters();
  return (await languages()).map(({ lang, ctx }) => ({ params: { lang }, props: { ctx, posters: all } }));
}

/** `/posters/{village}/` */
export async function posterPaths() {
  const all = await posters();
  return (await languages()).flatMap(({ lang, ctx }) => all.map((poster) => ({ params: { lang, village: poster.card.id }, props: { ctx, poster } })));
}
