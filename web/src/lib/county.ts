/**
 * The county this site is built for, read at BUILD time from `counties/${COUNTY ?? 'demo'}.json`
 * at the repo root and validated with the same schema the API uses. Nothing here reaches the browser.
 */
import { parseCounty, type County, type Locale } from '../../../functions/domain/county.ts';
import { SITE_LOCALES } from '../../../functions/messages/site.ts';
import { localePrefix, siteContext, type SiteContext } from '../../../functions/ui/site.ts';

export { villagesByTownship, villageCards, type TownshipGroup, type VillageCard, type VillageOption } from '../../../functions/ui/roster.ts';

// Lazy loaders, one per county file; only the selected one is loaded. Going through Vite (rather
// than fs + cwd) keeps the path right whatever directory the build is started from.
const files = import.meta.glob<unknown>('../../../counties/*.json', { import: 'default' });

let cached: Promise<County> | undefined;

export function loadCounty(): Promise<County> {
  cached ??= (async () => {
    const name = process.env.COUNTY ?? 'demo';
    const source = `counties/${name}.json`;
    const load = files[`../../../${source}`];
    if (!load) {
      const known = Object.keys(files).map((k) => k.replace(/^.*\/(.+)\.json$/, '$1'));
      throw new Error(`COUNTY=${name}: no ${source} (county files: ${known.join(', ') || 'none'})`);
    }
    return parseCounty(await load(), source);
  })();
  return cached;
}

/**
 * The `[...lang]` route parameter of every public page: none for the county's own language (`/`),
 * `en` (or `zh`) for the other (`/en/`).
 */
export async function languages(): Promise<{ lang: string | undefined; locale: Locale; ctx: SiteContext }[]> {
  const county = await loadCounty();
  return SITE_LOCALES.map((locale) => ({
    lang: localePrefix(locale, county.locale).slice(1) || undefined,
    locale,
    ctx: siteContext(county, locale),
  }));
}

/**
 * The site's public address, for the QR codes: env `PUBLIC_URL` at build time, else the county's
 * own domain (`site.domainName` in the county file), else the local stack's default address.
 */
export function publicUrl(county: Pick<County, 'site'>): string {
  const domain = county.site?.domainName;
  return (process.env.PUBLIC_URL || (domain ? `https://${domain}` : 'http://localhost:8787')).replace(/\/+$/, '');
}
