/**
 * The frame of every public page — header (site name, language switch, emergency number), footer
 * (navigation) and, for the server, the whole document — and the URLs of pages in each language.
 * Rendered with hono/html (which escapes every interpolated string) by the static site at build time
 * (web/src/layouts/Base.astro) and by the API server per request, so both look the same.
 *
 * Languages: the county's locale is the default. Static pages in the other language live under a
 * prefix (`/en/v/dongshan/`); server pages take `?lang=en` (or a `lang` form field on a POST).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Locale } from '../domain/county.ts';
import { fmt, otherLocale, type Messages } from '../messages/index.ts';
import { messages } from '../messages/site.ts';
import { PAGE_SCRIPTS, type PageScript } from './enhance.ts';

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

export function siteHeader(ctx: SiteContext, sw: LanguageSwitch) {
  const m = t(ctx);
  const other = otherLocale(ctx.locale);
  const label = messages(other).langName;
  const switcher =
    'href' in sw
      ? html`<a class="lang" href="${sw.href}" lang="${other}" hreflang="${other}">${label}</a>`
      : html`<form class="lang" method="post" action="${sw.action}">${Object.entries(sw.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit" name="lang" value="${other}" lang="${other}">${label}</button></form>`;
  const large = html`<label class="large-switch" for="large-text"><input type="checkbox" id="large-text"${ctx.largeText ? ' checked' : ''}><span>${m.site.largeText}</span></label>`;
  return html`<header class="top"><div class="bar"><a class="brand" href="${staticPath(ctx, '/')}"><span>${fmtHtml(m.site.name, { short: countyText(ctx, ctx.shortName) })}</span></a><div class="tools">${large}${switcher}</div></div><p class="sos">${fmtHtml(m.site.emergency, { number: emergencyLink(ctx) })}</p></header>`;
}

/**
 * A site on an ICP-filed domain in mainland China shows its filing number at the foot of every page,
 * linked to the registry (互联网信息服务管理办法; 非经营性互联网信息服务备案管理办法 art. 13). The number is
 * the same in every language.
 */
function icpLine(ctx: SiteContext) {
  if (!ctx.icpRecordal) return '';
  return html`<p class="icp"><a href="${ICP_REGISTRY_URL}" rel="noopener noreferrer" target="_blank" lang="zh-CN">${ctx.icpRecordal}</a></p>`;
}

export function siteFooter(ctx: SiteContext) {
  const m = t(ctx);
  return html`<footer class="foot"><nav aria-label="${m.site.nav}"><ul><li><a href="${staticPath(ctx, '/')}">${m.site.home}</a></li><li><a href="${serverPath(ctx, '/track')}">${m.site.track}</a></li><li><a href="${serverPath(ctx, '/alerts')}">${m.site.alerts}</a></li><li><a href="${serverPath(ctx, '/stats')}">${m.site.stats}</a></li></ul></nav><p>${fmtHtml(m.site.name, { short: countyText(ctx, ctx.shortName) })} · ${m.site.tagline}</p>${icpLine(ctx)}</footer>`;
}

export interface DocumentModel {
  readonly ctx: SiteContext;
  readonly title: string;
  readonly body: Html;
  readonly switchTo: LanguageSwitch;
  /** Inline the enhancement script (forms, counters): `true` the site's, `'report'` the report form's. */
  readonly script?: boolean | PageScript;
  /** Stylesheets after /site.css (web/public/site.css says which page needs which). @default - none */
  readonly css?: readonly string[];
}

/** `Title - 青山村警` */
export function pageTitle(ctx: SiteContext, title: string): string {
  const site = fmt(t(ctx).site.name, { short: ctx.shortName });
  return title === site ? title : `${title} - ${site}`;
}

/** A whole page, as the server sends it; the static pages get the same from Base.astro. */
export function documentHtml(m: DocumentModel) {
  return html`<!doctype html>
<html lang="${m.ctx.locale}"${m.ctx.largeText ? html` class="large"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle(m.ctx, m.title)}</title>
<link rel="stylesheet" href="/site.css">
${(m.css ?? []).map((href) => html`<link rel="stylesheet" href="${href}">
`)}<link rel="icon" href="data:,">
</head>
<body>${siteHeader(m.ctx, m.switchTo)}<main class="page" id="main">${m.body}</main>${siteFooter(m.ctx)}${m.script ? html`<script>${raw(PAGE_SCRIPTS[m.script === true ? 'site' : m.script])}</script>` : ''}</body>
</html>`;
}

