/**
 * The few pages the API server renders itself, because they show what only the server knows: the
 * receipt after a form post (the tracking code travels in a short-lived HttpOnly cookie, never in a
 * URL that ends up in logs) and the answer to a form post with bad fields. They share /site.css with
 * the static Astro site.
 */
import { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isCaseNumber } from '../domain/case.ts';
import type { Locale } from '../domain/county.ts';
import type { ApiDeps } from './deps.ts';

export const RECEIPT_COOKIE = 'cj_receipt';

export function receiptCookieValue(receipt: { caseNumber: string; trackingCode: string }): string {
  return `${receipt.caseNumber}.${receipt.trackingCode}`;
}

const TEXT = {
  'zh-CN': {
    receiptTitle: '已提交',
    received: '我们已收到您的反映，驻村民警会尽快处理。',
    caseNumber: '案件编号',
    trackingCode: '查询码',
    saveIt: '请截图或抄下编号和查询码。查询码只显示这一次，凭它查看处理进度和评价。',
    codeGone: '查询码只在提交后显示一次。如果没有记下，请重新提交或联系驻村民警。',
    again: '再反映一件事',
    errorsTitle: '请修改后再提交',
    errorsIntro: '以下内容需要修改：',
    back: '返回修改（已填写的内容会保留）',
    fields: { kind: '类别', villageId: '村（社区）', description: '情况描述', category: '分类', name: '姓名', phone: '手机号', location: '地点', urgent: '紧急', anonymous: '匿名', 'Idempotency-Key': '提交编号' } as Record<string, string>,
  },
  en: {
    receiptTitle: 'Sent',
    received: 'We have your report; the village officer will handle it soon.',
    caseNumber: 'Case number',
    trackingCode: 'Tracking code',
    saveIt: 'Take a screenshot or write down the number and the code. The code is shown only this once; you need it to follow and rate the case.',
    codeGone: 'The tracking code is shown only once, right after sending. If you did not note it, send again or contact your village officer.',
    again: 'Report something else',
    errorsTitle: 'Please correct and send again',
    errorsIntro: 'These need a change:',
    back: 'Go back and correct (what you typed is kept)',
    fields: {} as Record<string, string>,
  },
} as const;

/** The page shell the server-rendered pages share (same stylesheet as the static site). */
export function page(locale: Locale, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/site.css">
</head>
<body><main class="page">${body}</main></body>
</html>`;
}

export function errorsPage(locale: Locale, errors: readonly { field: string; message: string }[]) {
  const t = TEXT[locale];
  return page(
    locale,
    t.errorsTitle,
    html`<h1>${t.errorsTitle}</h1>
<div class="card error" role="alert"><p>${t.errorsIntro}</p><ul>${errors.map(
      (e) => html`<li><strong>${t.fields[e.field] ?? e.field}</strong>: ${e.message}</li>`,
    )}</ul></div>
<p><a class="button" href="/" onclick="history.back();return false;">${t.back}</a></p>
<noscript><p class="note">${raw(locale === 'zh-CN' ? '请用浏览器的“返回”键回到上一页。' : 'Use your browser’s Back button.')}</p></noscript>`,
  );
}

export function pagesRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/receipt/:caseNumber', async (c) => {
    const { county } = await deps.county.get();
    const t = TEXT[county.locale];
    const caseNumber = c.req.param('caseNumber');
    if (!isCaseNumber(caseNumber)) return c.notFound();
    const cookie = getCookie(c, RECEIPT_COOKIE) ?? '';
    const [cookieCase, code] = cookie.split('.');
    const trackingCode = cookieCase === caseNumber && code && /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(code) ? code : undefined;
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    if (!trackingCode) deleteCookie(c, RECEIPT_COOKIE, { path: '/receipt/' });
    return c.html(
      page(
        county.locale,
        t.receiptTitle,
        html`<h1>${t.receiptTitle}</h1>
<p>${t.received}</p>
<div class="card">
<p>${t.caseNumber}</p><p class="big-code" id="case-number">${caseNumber}</p>
${trackingCode ? html`<p>${t.trackingCode}</p><p class="big-code" id="tracking-code">${trackingCode}</p><p class="note">${t.saveIt}</p>` : html`<p class="note">${t.codeGone}</p>`}
</div>
<p><a class="button" href="/">${t.again}</a></p>`,
      ),
    );
  });
}
