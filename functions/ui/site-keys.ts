/**
 * How the public site's files are keyed where they are served (the site bucket, the local stack's
 * folder): which village a file belongs to, and the China site's directory keys. No imports, so the
 * deploy-time functions that need a key's shape carry nothing else.
 */

/**
 * The village a site file belongs to (`v/dongshan/…`, `en/posters/dongshan/…`, `qr/dongshan.svg`,
 * and the China site's directory keys `v/dongshan/` and `v/dongshan`), or undefined for a page of
 * the whole county: a village gone from the roster takes these with it.
 */
export function fileVillage(path: string): string | undefined {
  return /^(?:[a-z]{2}\/)?(?:v|posters)\/([^/.]+)(?:\/|$)/.exec(path)?.[1] ?? /^qr\/([^/]+)\.svg$/.exec(path)?.[1];
}

/**
 * The folders that hold village files (`fileVillage`), in the county's language and under each
 * other language's prefix (site.ts, LOCALE_PREFIXES): where the publisher looks for a dropped
 * village's files, and the only folders it may delete from.
 */
export const VILLAGE_FOLDERS: readonly string[] = ['qr/', ...['', 'en/', 'zh/'].flatMap((lang) => [`${lang}v/`, `${lang}posters/`])];

/**
 * The China site's directory keys of a page (its CloudFront runs no function to map a directory to
 * its index.html): `report/index.html` → [`report/`, `report`]; the root page (`index.html`) needs
 * none (defaultRootObject).
 */
export function indexKeysOf(page: string): string[] {
  if (!page.endsWith('/index.html')) return [];
  const dir = page.slice(0, -'index.html'.length);
  return [dir, dir.slice(0, -1)];
}
