/**
 * The script of the public pages, inlined (no extra request on a 2G link) at the end of every
 * public page: ENHANCE_JS, or on the report form REPORT_JS, the same parts less those the form
 * has no use for, or on the posters (static only) POSTER_JS, the large-text switch and the print button. Everything works without it; it only adds:
 *  - the large-text switch (`#large-text` in the header) remembered in the `cj_text` cookie, which
 *    the server pages read too (without the script the switch still works on the page at hand);
 *  - character counters: an element `#{fieldId}-count` with `data-count="… {n} … {max} …"`;
 *  - on forms marked `data-enhance`: checks in the page's language before sending (messages from
 *    `data-e-required` / `data-e-short` / `data-e-invalid` on the field or the form, shown in
 *    `#err-{name}`), then disables the button and shows its `data-sending` text so a double tap
 *    sends once; Back (bfcache) re-enables it;
 *  - the hidden `idempotencyKey` of the report form: one key per form CONTENT. A double tap, or
 *    going back after a timed-out post and sending the same again, reuses the key (one case, not
 *    two); any edit draws a new key (16 random bytes in hex). A key the browser restored on Back is kept;
 *  - `[data-filter=listId]`: typing a village name filters the list `#listId` (`[data-name]` items,
 *    `[data-group]` groups);
 *  - `[data-alerts=url]`: fetches the public alerts and lists the newest three titles, linking to
 *    `data-href#alert-{id}`;
 *  - `[data-geo]`: "use my position" on the report form (shown only where the browser can locate):
 *    fills the hidden latitude/longitude and says what it found, or that it could not;
 *  - `[data-print]`: shows the button and prints the page;
 *  - `input[data-altcha]` (a report form sent back past the soft limit): solves the ALTCHA proof of
 *    work in the background with the solver /pow.js (web/public/pow.js), which it loads only then,
 *    puts the solution in the field and sends the form. Without crypto.subtle it does nothing: the
 *    page says to wait and send again;
 *  - `form[data-queue]` (the report form), where fetch, FormData and localStorage exist: sends the
 *    fields (not the files) with the form's Idempotency-Key and `Accept: application/json`; on 201
 *    each photo goes straight to the photos bucket (`POST /api/v1/cases/{n}/photos` for a presigned
 *    POST, then the file to it), then the receipt page opens. A 428 is solved (as above, /pow.js
 *    loaded then; if it cannot be loaded the form waits as offline) and sent again; another 4xx, or a photo of a type, size or number the server will refuse, sends
 *    the form the plain way (multipart), so the server's own page says what is wrong. Offline, a
 *    network failure or a 5xx: the form is kept in localStorage (`cj_queue`, the same key), `#queued`
 *    shows `data-queue` (+ `data-queue-photos` when photos wait in memory: files cannot be stored),
 *    and it is sent again on the `online` event (or after 30 s, for a 5xx); a report page opened with a kept form fills it in
 *    and sends it (without its photos).
 *
 * Written readable in functions/ui/page-script/*.js (a part each) and minified by esbuild for ES5,
 * which old Android WebViews run, into functions/ui/page-scripts.ts: `npm run build:script`
 * (scripts/page-script.ts, which also says which parts each script has). Each text is the SAME on
 * every page that has it (words come from data attributes), so a Content-Security-Policy needs one
 * hash for each (`ENHANCE_CSP_HASH`, `REPORT_CSP_HASH`), and `'self'` for the solver it may load.
 */
import { createHash } from 'node:crypto';
import { ENHANCE_JS, POSTER_JS, REPORT_JS } from './page-scripts.ts';

export { ENHANCE_JS, POSTER_JS, REPORT_JS };

const cspHash = (js: string) => `'sha256-${createHash('sha256').update(js).digest('base64')}'`;

/** `'sha256-…'` of ENHANCE_JS, for the Content-Security-Policy of the pages that inline it. */
export const ENHANCE_CSP_HASH = cspHash(ENHANCE_JS);
/** `'sha256-…'` of REPORT_JS, for the Content-Security-Policy of the report form's pages. */
export const REPORT_CSP_HASH = cspHash(REPORT_JS);

/**
 * The scripts a page may inline: `site` on the public pages, `report` on the report form, `poster`
 * on the posters (static pages only: the static site's CSP takes its hash from the build).
 */
export const PAGE_SCRIPTS = { site: ENHANCE_JS, report: REPORT_JS, poster: POSTER_JS } as const;
export type PageScript = keyof typeof PAGE_SCRIPTS;
