/**
 * What the server-rendered public pages (receipt, track, rate, alerts, stats, find, report-form
 * errors) share: the page's language from the request, and one way to send a page — the same
 * document as the static site (functions/ui/site.ts), with headers that keep it out of caches
 * and referrers and a Content-Security-Policy that allows exactly the page scripts (functions/ui/enhance.ts:
 * the site's, the report form's) and the proof-of-work solver they load.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { County, Locale } from '../domain/county.ts';
import { isLocale, otherLocale } from '../messages/index.ts';
import { ENHANCE_CSP_HASH, REPORT_CSP_HASH } from '../ui/enhance.ts';
import { getCookie } from 'hono/cookie';
import { documentHtml, LARGE_TEXT_COOKIE, pathLocale, serverPath, siteContext, type DocumentModel, type LanguageSwitch, type SiteContext } from '../ui/site.ts';

/** The page's language: the first of `candidates` that names one we have, else the county's. */
export function requestLocale(county: Pick<County, 'locale'>, ...candidates: unknown[]): Locale {
  return candidates.find(isLocale) ?? county.locale;
}

/** `lang` from the form, else from the query, else the path's language prefix (`/en/track`). */
export function contextFor(c: Context, county: County, bodyLang?: unknown): SiteContext {
  const largeText = getCookie(c, LARGE_TEXT_COOKIE) === 'large' || c.req.query('text') === 'large';
  return siteContext(county, requestLocale(county, bodyLang, c.req.query('lang'), pathLocale(c.req.path)), largeText);
}

/** The same server page in the other language (GET pages): path plus the query it had. */
export function switchLink(ctx: SiteContext, path: string, params: Readonly<Record<string, string | undefined>> = {}): LanguageSwitch {
  return { href: serverPath({ ...ctx, locale: otherLocale(ctx.locale) }, path, params) };
}

/**
 * The pages' Content-Security-Policy; `imgSrc` adds the origins of a case's photos (signed URLs),
 * `connectSrc` the photos bucket a report form's script uploads to (presigned POST).
 */
export function pageCsp(imgSrc: readonly string[] = [], connectSrc: readonly string[] = []): string {
  const csp = PAGE_CSP.replace("img-src 'self' data:", ["img-src 'self' data:", ...imgSrc].join(' '));
  return connectSrc.length > 0 ? `${csp}; connect-src 'self' ${connectSrc.join(' ')}` : csp;
}

export const PAGE_CSP = [
  "default-src 'self'",
  // The inline scripts (the site's, the report form's), and the proof-of-work solver they load from this origin when a challenge arrives (/pow.js).
  `script-src ${ENHANCE_CSP_HASH} ${REPORT_CSP_HASH} 'self'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

/** A server page: the document (`script` defaults to the site's page script here) and how to send it. */
export interface SendPage extends DocumentModel {
  readonly status?: ContentfulStatusCode;
  /** Origins the page's images come from besides its own (a case's photos). @default - none */
  readonly imgSrc?: readonly string[];
  /** Origins the page's script may send to besides its own (the photos bucket). @default - none */
  readonly connectSrc?: readonly string[];
  /** `Cache-Control`; pages that show a case or answer a POST are never stored. @default no-store */
  readonly cache?: string;
}

export function sendPage(_c: Context, p: SendPage): Promise<Response> {
  return renderPage(p);
}

/** The page as a Response of its own (also usable after `next()`, where `c.html` would merge headers). */
export async function renderPage(p: SendPage): Promise<Response> {
  const body = await documentHtml({ ctx: p.ctx, title: p.title, body: p.body, switchTo: p.switchTo, script: p.script ?? true, ...(p.css && { css: p.css }) });
  return pageResponse(body.toString(), { ...p, locale: p.ctx.locale });
}

/** A whole rendered page as a Response with the server pages' headers. */
export function pageResponse(html: string, p: Pick<SendPage, 'status' | 'imgSrc' | 'connectSrc' | 'cache'> & { readonly locale: string }): Response {
  return new Response(html, {
    status: p.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=UTF-8',
      'Cache-Control': p.cache ?? 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Language': p.locale,
      'Content-Security-Policy': pageCsp(p.imgSrc, p.connectSrc),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Form fields as strings (files and repeated fields are not ours: first string wins). */
export function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const value = Array.isArray(v) ? v.find((x) => typeof x === 'string') : v;
    if (typeof value === 'string') out[k] = value;
  }
  return out;
}
