/**
 * The document every public page is, static or server-rendered: language, viewport, the one
 * stylesheet (/site.css), the header (site name, large-text switch, language switch, emergency
 * number), the page in `<main>`, the footer (navigation, the ICP filing number) and, when the page
 * has forms or counters, the one inline enhancement script. No web fonts, no framework JavaScript;
 * the empty `data:` icon saves the browser a favicon request (one round trip on a 2G link).
 *
 * Astro renders it at build time (the page components of functions/ui wrap themselves in it), the
 * API server per request (functions/api/public-page.ts), so both look the same.
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { messages } from '../messages/site.ts';
import { otherLocale } from '../messages/index.ts';
import { PAGE_SCRIPTS } from './enhance.ts';
import { render } from './render.ts';
import { countyText, emergencyLink, fmtHtml, ICP_REGISTRY_URL, pageTitle, serverPath, staticPath, t, type DocumentModel, type LanguageSwitch, type SiteContext } from './site.ts';

/** The document's frame (site.ts `DocumentModel`) around the page's markup as children. */
export interface Props extends Omit<DocumentModel, 'body'> {
  readonly children?: Child;
}

/** Our own constants, not escaped: the doctype, and the scripts (they have no `</script>` inside). */
const DOCTYPE = raw('<!doctype html>\n');
const SCRIPTS = { site: raw(PAGE_SCRIPTS.site), report: raw(PAGE_SCRIPTS.report), poster: raw(PAGE_SCRIPTS.poster) } as const;

export function Document({ ctx, title, switchTo, script = false, css = [], children }: Props) {
  return (
    <>
      {DOCTYPE}
      <html lang={ctx.locale} class={ctx.largeText ? 'large' : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{pageTitle(ctx, title)}</title>
          <link rel="stylesheet" href="/site.css" />
          {css.map((href) => <link rel="stylesheet" href={href} />)}
          <link rel="icon" href="data:," />
        </head>
        <body>
          <SiteHeader ctx={ctx} switchTo={switchTo} />
          <main class="page" id="main">{children}</main>
          <SiteFooter ctx={ctx} />
          {script && <script>{SCRIPTS[script === true ? 'site' : script]}</script>}
        </body>
      </html>
    </>
  );
}

/** The site's name: `青山村警`, the county's short name marked with its language on the other language's pages. */
function SiteName({ ctx }: { readonly ctx: SiteContext }) {
  return fmtHtml(t(ctx).site.name, { short: countyText(ctx, ctx.shortName) });
}

/** A link to the same page in the other language, or a button that posts the page's fields again with the other `lang`. */
export function LanguageSwitcher({ ctx, to }: { readonly ctx: SiteContext; readonly to: LanguageSwitch }) {
  const other = otherLocale(ctx.locale);
  const label = messages(other).langName;
  if ('href' in to) {
    return <a class="lang" href={to.href} lang={other} hreflang={other}>{label}</a>;
  }
  return (
    <form class="lang" method="post" action={to.action}>
      {Object.entries(to.fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <button type="submit" name="lang" value={other} lang={other}>{label}</button>
    </form>
  );
}

export function SiteHeader({ ctx, switchTo }: { readonly ctx: SiteContext; readonly switchTo: LanguageSwitch }) {
  const m = t(ctx);
  return (
    <header class="top">
      <div class="bar">
        <a class="brand" href={staticPath(ctx, '/')}><span><SiteName ctx={ctx} /></span></a>
        <div class="tools">
          <label class="large-switch" for="large-text"><input type="checkbox" id="large-text" checked={ctx.largeText ?? false} /><span>{m.site.largeText}</span></label>
          <LanguageSwitcher ctx={ctx} to={switchTo} />
        </div>
      </div>
      <p class="sos">{fmtHtml(m.site.emergency, { number: emergencyLink(ctx) })}</p>
    </header>
  );
}

/**
 * A site on an ICP-filed domain in mainland China shows its filing number at the foot of every page,
 * linked to the registry (互联网信息服务管理办法; 非经营性互联网信息服务备案管理办法 art. 13). The number is
 * the same in every language.
 */
function IcpLine({ ctx }: { readonly ctx: SiteContext }) {
  if (!ctx.icpRecordal) return null;
  return <p class="icp"><a href={ICP_REGISTRY_URL} rel="noopener noreferrer" target="_blank" lang="zh-CN">{ctx.icpRecordal}</a></p>;
}

export function SiteFooter({ ctx }: { readonly ctx: SiteContext }) {
  const m = t(ctx);
  return (
    <footer class="foot">
      <nav aria-label={m.site.nav}>
        <ul>
          <li><a href={staticPath(ctx, '/')}>{m.site.home}</a></li>
          <li><a href={serverPath(ctx, '/track')}>{m.site.track}</a></li>
          <li><a href={serverPath(ctx, '/alerts')}>{m.site.alerts}</a></li>
          <li><a href={serverPath(ctx, '/stats')}>{m.site.stats}</a></li>
        </ul>
      </nav>
      <p><SiteName ctx={ctx} /> · {m.site.tagline}</p>
      <IcpLine ctx={ctx} />
    </footer>
  );
}

/** A whole server page, rendered: `<Document>` around its markup (site.ts `documentHtml` loads this module for it). */
export async function renderDocument(m: DocumentModel): Promise<HtmlEscapedString> {
  return raw(await render(<Document ctx={m.ctx} title={m.title} switchTo={m.switchTo} script={m.script ?? false} css={m.css ?? []}>{m.body}</Document>));
}
