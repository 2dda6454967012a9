/**
 * BUILD time only (Astro frontmatter): the county the site is built for, `counties/${COUNTY ?? 'demo'}.json`,
 * validated with the API's schema. The console's pages take from it only what is not in the admin API:
 * the default language, the time zone, the short name and the reward tiers. Nothing else reaches the
 * browser.
 */
import { loadCounty } from '../lib/county.ts';

/** The county file the site is built for: the public pages' loader (web/src/lib/county.ts), one parse per build. */
export const adminCounty = loadCounty;
