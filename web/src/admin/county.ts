/**
 * BUILD time only (Astro frontmatter): the county the site is built for, `counties/${COUNTY ?? 'demo'}.json`,
 * validated with the API's schema. The admin pages take from it only what is not in the admin API:
 * the default language, the time zone, the short name and the reward tiers. Nothing else reaches the
 * browser.
 */
import { parseCounty, type County } from '../../../functions/domain/county.ts';
import type { Locale as AdminLocale } from '../../../functions/domain/county.ts';
import { fmt, type ConsoleKey as Key, type ConsoleMessages as Dict } from '../../../functions/messages/index.ts';
import zh from '../../../functions/messages/console/zh-CN.ts';
import en from '../../../functions/messages/console/en.ts';

const DICTS: Record<AdminLocale, Dict> = { 'zh-CN': zh, en };

const files = import.meta.glob<unknown>('../../../counties/*.json', { import: 'default' });

let cached: Promise<County> | undefined;

export function adminCounty(): Promise<County> {
  cached ??= (async () => {
    const name = process.env.COUNTY ?? 'demo';
    const load = files[`../../../counties/${name}.json`];
    if (!load) throw new Error(`COUNTY=${name}: no counties/${name}.json`);
    return parseCounty(await load(), `counties/${name}.json`);
  })();
  return cached;
}

/** The build-time translator for the county's language. */
export async function buildT(): Promise<{ locale: AdminLocale; t: (key: Key, params?: Record<string, string | number>) => string }> {
  const { locale } = await adminCounty();
  return { locale, t: (key, params) => fmt(DICTS[locale][key], params) };
}
