/**
 * What every public page needs to know to speak the right language and link the right way (the site
 * context, the URLs of pages in each language) and the words in its markup (a message with markup
 * in its placeholders, county-file text marked with its language, the emergency number as a link).
 * The page components (Document.tsx and the pages of functions/ui, hono/jsx) render with it; so do
 * the server pages. The helpers here give escaped markup (hono/html) that a component puts in as it
 * is and that loads no JSX runtime: any module may import this one, the api function's cold start
 * included; the document itself (Document.tsx) loads with the first page (`documentHtml`).
 *
 * Languages: the county's locale is the default. Static pages in the other language live under a
 * prefix (`/en/v/dongshan/`); server pages take `?lang=en` (or a `lang` form field on a POST).
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../domain/county.ts';
import { fmt, otherLocale, type Messages } from '../messages/index.ts';
import { messages } from '../messages/site.ts';
import type { PageScript } from './enhance.ts';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every page needs to know to speak the right language and link the right way. */
export interface SiteContext {
  readonly locale: Locale;
  /** The county's locale: static pages in it have no prefix, server pages no `?lang`. */
  readonly defaultLocale: Locale;
  readonly shortName: string;
  readonly emergencyNumber: string;
  /** Large text asked for (server pages: the `cj_text` cookie or `?text=large`; static pages learn it in the browser). */
  readonly largeText?: boolean;
  /** The site's ICP filing number (county file `deployment.icpRecordal`), shown at the foot of every page. */
  readonly icpRecordal?: string;
}

export function siteContext(
  county: { locale: Locale; shortName: string; emergencyNumber: string; deployment?: { icpRecordal?: string | undefined } | undefined },
  locale: Locale = county.locale,
  largeText = false,
): SiteContext {
  const icpRecordal = county.deployment?.icpRecordal;
  return { locale, defaultLocale: county.locale, shortName: county.shortName, emergencyNumber: county.emergencyNumber, ...(largeText && { largeText }), ...(icpRecordal && { icpRecordal }) };
}

/** The same context in the other language (what the language switch links to). */
export function otherContext(ctx: SiteContext): SiteContext {
  return { ...ctx, locale: otherLocale(ctx.locale) };
}

/** The ICP filing registry every filed site links its number to (工业和信息化部 ICP/IP地址/域名信息备案管理系统). */
export const ICP_REGISTRY_URL = 'https://beian.miit.gov.cn/';

/**
 * The large-text switch: the cookie that remembers it (set by the page script, read by the server
 * pages) and the checkbox in every page's header. Checking it enlarges the page at once through CSS
 * (`html:has(#large-text:checked)`), without JavaScript; the script remembers the choice.
 */
export const LARGE_TEXT_COOKIE = 'cj_text';

export function t(ctx: Pick<SiteContext, 'locale'>): Messages {
  return messages(ctx.locale);
}

const PREFIX: Readonly<Record<Locale, string>> = { en: '/en', 'zh-CN': '/zh' };

/** The path prefixes of the languages (`/en`, `/zh`): a page not in the county's language lives under one. */
export const LOCALE_PREFIXES = Object.values(PREFIX);

/** `''` for the default language, `/en` or `/zh` for the other. */
export function localePrefix(locale: Locale, defaultLocale: Locale): string {
  return locale === defaultLocale ? '' : PREFIX[locale];
}

/** The language a path's prefix names (`/en/track` → `en`), or undefined. */
export function pathLocale(path: string): Locale | undefined {
  return (Object.keys(PREFIX) as Locale[]).find((l) => path === PREFIX[l] || path.startsWith(`${PREFIX[l]}/`));
}

/** A static page in the context's language: `/v/dongshan/` → `/en/v/dongshan/`. */
export function staticPath(ctx: Pick<SiteContext, 'locale' | 'defaultLocale'>, path: string): string {
  return `${localePrefix(ctx.locale, ctx.defaultLocale)}${path}`;
}

/** A server page in the context's language: `/track` → `/track?lang=en`. Empty params are left out. */
export function serverPath(ctx: Pick<SiteContext, 'locale' | 'defaultLocale'>, path: string, params: Readonly<Record<string, string | undefined>> = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  if (ctx.locale !== ctx.defaultLocale) query.set('lang', ctx.locale);
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

/**
 * The language switch: a link to the same page in the other language or, on a page that answers a
 * POST (a tracked case), a button that posts the same fields again with the other `lang`.
 */
export type LanguageSwitch = { readonly href: string } | { readonly action: string; readonly fields: Readonly<Record<string, string>> };

/** The switch of a static page: a link to `path` (in the default language's form, `/v/dongshan/`) in the other language. */
export function staticSwitch(ctx: SiteContext, path: string): LanguageSwitch {
  return { href: staticPath(otherContext(ctx), path) };
}

/** `template` with `{placeholders}` filled by text (escaped) or by markup (not escaped again). */
export function fmtHtml(template: string, params: Readonly<Record<string, string | number | Html>>) {
  const parts = template.split(/\{(\w+)\}/);
  return html`${parts.map((part, i) => (i % 2 === 0 ? part : Object.hasOwn(params, part) ? params[part]! : `{${part}}`))}`;
}

/**
 * Text from the county file (village, officer and township names, office hours, alerts), which is
 * in the county's language: on a page in the other language it is marked with its own `lang`, so a
 * screen reader pronounces 东山村 as Chinese on the English page.
 */
export function countyText(ctx: Pick<SiteContext, 'locale' | 'defaultLocale'>, text: string) {
  return ctx.locale === ctx.defaultLocale ? html`${text}` : html`<span lang="${ctx.defaultLocale}">${text}</span>`;
}

/** The `lang` attribute for an element holding county-file text, or undefined on a page in the county's language. */
export function countyLang(ctx: Pick<SiteContext, 'locale' | 'defaultLocale'>): string | undefined {
  return ctx.locale === ctx.defaultLocale ? undefined : ctx.defaultLocale;
}

/** ` lang="zh-CN"` for hono/html markup, or nothing. */
export function countyLangAttr(ctx: Pick<SiteContext, 'locale' | 'defaultLocale'>) {
  const lang = countyLang(ctx);
  return lang ? html` lang="${lang}"` : '';
}

/** The hint under a text field that the phone keyboard's microphone types for the resident (`id` for aria-describedby). */
export function voiceHint(ctx: Pick<SiteContext, 'locale'>, id: string) {
  return html`<p class="note voice" id="${id}">${t(ctx).form.voiceHint}</p>`;
}

export function emergencyLink(ctx: SiteContext) {
  return html`<a href="tel:${ctx.emergencyNumber}">${ctx.emergencyNumber}</a>`;
}

/** `Title - 青山村警` */
export function pageTitle(ctx: SiteContext, title: string): string {
  const site = fmt(t(ctx).site.name, { short: ctx.shortName });
  return title === site ? title : `${title} - ${site}`;
}

/** What a server page asks of the document (functions/api/public-page.ts): its markup and how to frame it. */
export interface DocumentModel {
  readonly ctx: SiteContext;
  /** The page's own title; the site's name is added (`pageTitle`). */
  readonly title: string;
  readonly body: Html;
  readonly switchTo: LanguageSwitch;
  /** Inline the enhancement script (forms, counters): `true` the site's, `'report'` the report form's. @default false */
  readonly script?: boolean | PageScript;
  /** Stylesheets after /site.css (web/public/site.css says which page needs which). @default - none */
  readonly css?: readonly string[];
}

/**
 * A whole page, as the server sends it: the Document component (Document.tsx, the same document as
 * the static pages') around the page's markup. The component and the JSX runtime load with the
 * first page, not at a function's cold start.
 */
export async function documentHtml(m: DocumentModel): Promise<HtmlEscapedString> {
  return (await import('./Document.tsx')).renderDocument(m);
}
