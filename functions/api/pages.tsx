/**
 * The receipt after a form post, which only the server can show: the tracking code travels in a
 * short-lived HttpOnly cookie (set by the submit spine, submit.ts), never in a URL that ends up in
 * logs. The page is functions/ui/ReceiptPage.tsx, in the same document as the static site.
 */
import { Hono } from 'hono/tiny';
import { deleteCookie, getCookie } from 'hono/cookie';
import { NotFoundError } from '../domain/errors.ts';
import { isCaseNumber } from '../domain/case-number.ts';
import { alertedFor } from '../domain/service.ts';
import { ReceiptPage } from '../ui/ReceiptPage.tsx';
import { t } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { contextFor, sendPage, switchLink } from './public-page.ts';
import { RECEIPT_COOKIE } from './submit.ts';

/** A forged or stale cookie names no case: the receipt then says nothing about who was alerted. */
function orUndefinedIfNotFound(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}

export function pagesRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/receipt/:caseNumber', async (c) => {
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county);
    const caseNumber = c.req.param('caseNumber');
    if (!isCaseNumber(caseNumber)) return c.notFound();
    const cookie = getCookie(c, RECEIPT_COOKIE) ?? '';
    const [cookieCase, code] = cookie.split('.');
    const trackingCode = cookieCase === caseNumber && code && /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(code) ? code : undefined;
    if (!trackingCode) deleteCookie(c, RECEIPT_COOKIE, { path: '/receipt/' });
    const alerted = trackingCode ? await alertedFor(deps, caseNumber, trackingCode).catch(orUndefinedIfNotFound) : undefined;
    return sendPage(c, {
      ctx,
      title: t(ctx).receipt.title,
      css: ['/case.css'],
      body: <ReceiptPage ctx={ctx} caseNumber={caseNumber} trackingCode={trackingCode} alerted={alerted} />,
      switchTo: switchLink(ctx, `/receipt/${caseNumber}`),
    });
  });
}
