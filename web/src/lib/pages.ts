/**
 * What each static page is built from (its `getStaticPaths`): the routes of functions/ui/site-pages.ts
 * with the county file, the same functions the site publisher calls with the roster table's county.
 * The Astro pages under src/pages are a line of routing and one render each.
 */
import { homeRoutes, posterRoutes, postersRoutes, qrRoutes, reportRoutes, villageReportRoutes, villageRoutes } from '../../../functions/ui/site-pages.ts';
import { loadCounty, publicUrl } from './county.ts';

/** `/`, `/en/` */
export const homePaths = async () => homeRoutes(await loadCounty());
/** `/v/{village}/` */
export const villagePaths = async () => villageRoutes(await loadCounty());
/** `/report/{kind}/` */
export const reportPaths = async () => reportRoutes(await loadCounty());
/** `/v/{village}/{kind}/` */
export const villageReportPaths = async () => villageReportRoutes(await loadCounty());
/** `/posters/` */
export const postersPaths = async () => postersRoutes(await loadCounty(), publicUrl(await loadCounty()));
/** `/posters/{village}/` */
export const posterPaths = async () => posterRoutes(await loadCounty(), publicUrl(await loadCounty()));
/** `/qr/{village}.svg` */
export const qrPaths = async () => qrRoutes(await loadCounty(), publicUrl(await loadCounty()));
