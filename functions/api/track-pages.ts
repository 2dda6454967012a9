/**
 * `/track`: a resident follows a case with its number and tracking code, answers the officer's
 * question (anonymous tips), and stops SMS updates. The code only ever travels in a POST body, so
 * it never lands in a URL, a log or a browser history; the case number may be in the URL.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import * as z from 'zod';
import { ConflictError, LIMITS, NotFoundError, isCaseNumber } from '../domain/case.ts';
import type { Locale } from '../domain/county.ts';
import { answerQuestion, stopUpdates, trackCase, type PublicCase } from '../domain/service.ts';
import type { ApiDeps } from './deps.ts';
import { page } from './pages.ts';
import { fieldProblems } from './problem.ts';

const T = {
  'zh-CN': {
    title: '查询办理进度',
    caseNumber: '案件编号',
    trackingCode: '查询码',
    codeHint: '提交时显示的 10 位查询码，例如 AB12C-3DE45',
    look: '查询',
    notFound: '没有找到：请核对案件编号和查询码。',
    status: { received: '已受理，等待民警签收', acknowledged: '民警已签收', in_progress: '正在办理', resolved: '已办结' },
    timeline: '办理记录',
    answer: '回答民警的问题（匿名）',
    answerButton: '发送回答',
    answered: '已发送，民警会收到短信提醒。',
    stop: '不再接收短信通知',
    stopped: '已停止短信通知。',
  },
  en: {
    title: 'Follow your case',
    caseNumber: 'Case number',
    trackingCode: 'Tracking code',
    codeHint: 'The 10-character code shown when you sent it, e.g. AB12C-3DE45',
    look: 'Look up',
    notFound: 'Not found: check the case number and the tracking code.',
    status: { received: 'received, waiting for the officer', acknowledged: 'acknowledged by the officer', in_progress: 'being handled', resolved: 'resolved' },
    timeline: 'What happened so far',
    answer: 'Answer the officer (anonymously)',
    answerButton: 'Send answer',
    answered: 'Sent; the officer gets an SMS.',
    stop: 'Stop SMS updates',
    stopped: 'SMS updates stopped.',
  },
} as const;

const TrackForm = z.object({
  caseNumber: z.string().trim().toUpperCase().refine(isCaseNumber, 'must look like DEMO-2026-000001'),
  trackingCode: z.string().trim().min(1, 'is required').max(32),
  op: z.enum(['view', 'answer', 'stop']).default('view'),
  text: z.string().trim().max(LIMITS.description).optional(),
});

function lookupForm(locale: Locale, caseNumber = '', error?: string) {
  const t = T[locale];
  return html`<form class="card" method="post" action="/track">
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<div class="field"><label for="case">${t.caseNumber}</label><input id="case" name="caseNumber" value="${caseNumber}" required autocapitalize="characters" autocomplete="off"></div>
<div class="field"><label for="code">${t.trackingCode}</label><input id="code" name="trackingCode" required autocapitalize="characters" autocomplete="off" aria-describedby="code-hint"><p class="note" id="code-hint">${t.codeHint}</p></div>
<button class="button" type="submit">${t.look}</button></form>`;
}

function casePage(locale: Locale, view: PublicCase, trackingCode: string, message?: string) {
  const t = T[locale];
  const hidden = html`<input type="hidden" name="caseNumber" value="${view.caseNumber}"><input type="hidden" name="trackingCode" value="${trackingCode}">`;
  const asked = view.timeline.some((e) => e.type === 'question') && view.status !== 'resolved';
  return page(
    locale,
    `${t.title} ${view.caseNumber}`,
    html`<h1>${view.caseNumber}</h1>
${message ? html`<div class="card" role="status"><p>${message}</p></div>` : ''}
<div class="card"><p><strong>${t.status[view.status]}</strong></p></div>
<div class="card"><h2>${t.timeline}</h2><ol class="timeline">${view.timeline.map((e) => html`<li><time datetime="${e.at}">${e.at.slice(0, 16).replace('T', ' ')}</time> ${e.text}</li>`)}</ol></div>
${asked
  ? html`<form class="card" method="post" action="/track">${hidden}<input type="hidden" name="op" value="answer">
<div class="field"><label for="answer">${t.answer}</label><textarea id="answer" name="text" rows="3" required maxlength="${LIMITS.description}"></textarea></div>
<button class="button" type="submit">${t.answerButton}</button></form>`
  : ''}
${view.updates ? html`<form method="post" action="/track">${hidden}<input type="hidden" name="op" value="stop"><button class="button" type="submit">${t.stop}</button></form>` : ''}`,
  );
}

export function trackRoutes(deps: ApiDeps): Hono {
  const locale = async () => (await deps.county.get()).county.locale;
  const noStore = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
  };
  return new Hono()
    .get('/', async (c) => {
      const l = await locale();
      noStore(c);
      const caseNumber = c.req.query('case') ?? '';
      return c.html(page(l, T[l].title, html`<h1>${T[l].title}</h1>${lookupForm(l, isCaseNumber(caseNumber) ? caseNumber : '')}`));
    })
    .post('/', async (c) => {
      const l = await locale();
      noStore(c);
      const body = await c.req.parseBody();
      const parsed = TrackForm.safeParse(body);
      if (!parsed.success) {
        const first = fieldProblems(parsed.error)[0];
        return c.html(page(l, T[l].title, html`<h1>${T[l].title}</h1>${lookupForm(l, String(body.caseNumber ?? ''), first ? `${first.field}: ${first.message}` : undefined)}`), 400);
      }
      const { caseNumber, trackingCode, op, text } = parsed.data;
      try {
        let message: string | undefined;
        if (op === 'answer' && text) {
          await answerQuestion(deps, { caseNumber, trackingCode, text });
          message = T[l].answered;
        } else if (op === 'stop') {
          await stopUpdates(deps, { caseNumber, trackingCode });
          message = T[l].stopped;
        }
        return c.html(casePage(l, await trackCase(deps, caseNumber, trackingCode), trackingCode, message));
      } catch (error) {
        if (error instanceof NotFoundError) {
          return c.html(page(l, T[l].title, html`<h1>${T[l].title}</h1>${lookupForm(l, caseNumber, T[l].notFound)}`), 404);
        }
        if (error instanceof ConflictError) return c.html(casePage(l, await trackCase(deps, caseNumber, trackingCode), trackingCode, error.message), 409);
        throw error;
      }
    });
}
