/**
 * BUILD time only (Astro frontmatter): the county the site is built for, `counties/${COUNTY ?? 'demo'}.json`,
 * validated with the API's schema. The admin pages take from it only what is not in the admin API:
 * the default language, the time zone, the short name and the reward tiers. Nothing else reaches the
 * browser.
 */
import { loadCounty } from '../lib/county.ts';
import type { Locale as AdminLocale } from '../../../functions/domain/county.ts';
import { fmt, type ConsoleKey as Key, type ConsoleMessages as Dict } from '../../../functions/messages/index.ts';
import zh from '../../../functions/messages/console/zh-CN.ts';
import en from '../../../functions/messages/console/en.ts';

const DICTS: Record<AdminLocale, Dict> = { 'zh-CN': zh, en };

/** The county file the site is built for: the public pages' loader (web/src/lib/county.ts), one parse per build. */
export const adminCounty = loadCounty;

/** The build-time translator for the county's language. */
export async function buildT(): Promise<{ locale: AdminLocale; t: (key: Key, params?: Record<string, string | number>) => string }> {
  const { locale } = await adminCounty();
  return { locale, t: (key, params) => fmt(DICTS[locale][key], params) };
}
