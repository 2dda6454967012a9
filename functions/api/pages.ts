/**
 * Pages the API server renders because only it knows what they show: the receipt after a form post
 * (the tracking code travels in a short-lived HttpOnly cookie, never in a URL that ends up in logs)
 * and the generic answer to a form post with bad fields that has no report form to go back to (the
 * report forms themselves are re-rendered by the submit spine, submit.ts). They share /site.css, the header
 * and footer and the locale strings with the static Astro site (functions/ui, functions/messages).
 *
 * `page()` is the bare shell the officers' pages use.
 */
import { Hono } from 'hono/tiny';
import { deleteCookie, getCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { NotFoundError } from '../domain/errors.ts';
import { isCaseNumber } from '../domain/case-number.ts';
import type { Locale } from '../domain/county.ts';
import { fmt } from '../messages/index.ts';
import { messages } from '../messages/site.ts';
import { alertedFor, type Alerted } from '../domain/service.ts';
import { countyText, emergencyLink, fmtHtml, serverPath, staticPath, t, type SiteContext } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { RECEIPT_COOKIE } from './submit.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';


/** A forged or stale cookie names no case: the receipt then says nothing about who was alerted. */
function orUndefinedIfNotFound(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}

/** `village officer 王军, police assistant 李梅, 3 joint-defence contacts` in the page's language. */
function alertedList(ctx: SiteContext, a: Alerted) {
  const m = t(ctx).receipt;
  const who = [
    fmtHtml(m.alertedOfficer, { name: countyText(ctx, a.officer) }),
    ...(a.assistant ? [fmtHtml(m.alertedAssistant, { name: countyText(ctx, a.assistant) })] : []),
    ...(a.defenceContacts > 0 ? [fmt(m.alertedDefence, { n: a.defenceContacts })] : []),
  ];
  return html`${who.map((x, i) => (i === 0 ? x : html`${m.alertedSeparator}${x}`))}`;
}

export function pagesRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/receipt/:caseNumber', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const m = t(ctx).receipt;
    const caseNumber = c.req.param('caseNumber');
    if (!isCaseNumber(caseNumber)) return c.notFound();
    const cookie = getCookie(c, RECEIPT_COOKIE) ?? '';
    const [cookieCase, code] = cookie.split('.');
    const trackingCode = cookieCase === caseNumber && code && /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(code) ? code : undefined;
    if (!trackingCode) deleteCookie(c, RECEIPT_COOKIE, { path: '/receipt/' });
    const alerted = trackingCode ? await alertedFor(deps, caseNumber, trackingCode).catch(orUndefinedIfNotFound) : undefined;
    const trackLink = html`<a href="${serverPath(ctx, '/track', { case: caseNumber })}">${t(ctx).site.track}</a>`;
    return sendPage(c, {
      ctx,
      title: m.title,
      css: ['/case.css'],
      body: html`<h1>${m.title}</h1>
${alerted?.urgent ? html`<p class="note alert" id="call-now">${fmtHtml(m.urgentCall, { number: emergencyLink(ctx) })}</p>` : ''}
<p>${m.received}</p>
${alerted ? html`<p id="alerted">${fmtHtml(m.alerted, { who: alertedList(ctx, alerted) })}</p>` : ''}
<div class="card receipt">
<p>${m.caseNumber}</p><p class="big-code" id="case-number">${caseNumber}</p>
${trackingCode
  ? html`<p>${m.trackingCode}</p><p class="big-code" id="tracking-code">${trackingCode}</p>
<p class="note alert"><strong>${m.saveIt}</strong> ${m.onlyOnce}</p>`
  : html`<p class="note">${m.codeGone}</p>`}
</div>
${trackingCode
  ? html`<form method="post" action="/track"><input type="hidden" name="caseNumber" value="${caseNumber}"><input type="hidden" name="trackingCode" value="${trackingCode}"><input type="hidden" name="lang" value="${ctx.locale}"><p><button class="button" type="submit">${m.trackNow}</button></p></form>`
  : ''}
<p>${fmtHtml(m.later, { link: trackLink })}</p>
<p><a class="button secondary" href="${staticPath(ctx, '/')}">${m.again}</a></p>`,
      switchTo: switchLink(ctx, `/receipt/${caseNumber}`),
    });
  });
}
