/**
 * The county this site is built for, read at BUILD time from `counties/${COUNTY ?? 'demo'}.json`
 * at the repo root and validated with the same schema the API uses. Nothing here reaches the browser.
 */
import { parseCounty, type County } from '../../../functions/domain/county.ts';
import { sitePublicUrl } from '../../../functions/ui/qr.ts';

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
 * The site's public address, for the QR codes: env `PUBLIC_URL` at build time, else the county's
 * own domain, else the local stack's default address (functions/ui/qr.ts, sitePublicUrl).
 */
export function publicUrl(county: Pick<County, 'site'>): string {
  return sitePublicUrl(county, process.env.PUBLIC_URL);
}
