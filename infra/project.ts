/**
 * Where things are and what they are called: shared by the CDK app, its constructs and the tests.
 */
import { fileURLToPath } from 'node:url';
import { LOCALE_PREFIXES } from '../functions/ui/site.ts';

/** The repository root: entry files, the lock file and county files are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A county id is the county file's name (`counties/<id>.json`): lowercase letters, digits, dashes. */
export const COUNTY_ID = /^[a-z0-9][a-z0-9-]{0,29}$/;

/** CloudFormation stack name of a county: `Cunjing-demo`. */
export function countyStackName(countyId: string): string {
  return `Cunjing-${countyId}`;
}

/** Prefix of every physical name in a county's stack (tables: `cunjing-demo-cases`). */
export function resourcePrefix(countyId: string): string {
  return `cunjing-${countyId}`;
}

/**
 * Paths the Hono app renders (the API and the pages only the server can show); CloudFront sends
 * them to the HTTP API, uncached. Everything else is the static site. CloudFront path patterns:
 * `*` matches any characters, `/track` matches only itself.
 */
const PAGES = ['/track', '/rate', '/alerts', '/stats', '/find'] as const;
/** The server pages answer under each language's prefix too (`/en/track`), like the static pages. */
export const SERVER_PATHS = ['/api/*', '/receipt/*', '/o/*', '/open311/*', ...PAGES, ...LOCALE_PREFIXES.flatMap((prefix) => PAGES.map((p) => `${prefix}${p}`))] as const;
