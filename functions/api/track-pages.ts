/**
 * `/track`: a resident follows a case with its number and tracking code — status, progress, the
 * officer's replies, the public timeline, a tip's reward status — answers the officer's question
 * (every kind; a tip anonymously; up to three photos with each answer, the same pipeline as the report form's), stops SMS updates, and rates the case once it is resolved (the form posts to
 * /rate). The code only ever travels in a POST body, so it never lands in a URL, a log or a browser
 * history; the case number may be in the URL (`/track?case=…`, as in the resolved-case SMS).
 * Language: `?lang=` or the form's `lang`; on a shown case the switch re-posts the same fields.
 */
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import { CASE_STATUSES, LIMITS } from '../domain/case.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { formatCaseNumber, isCaseNumber } from '../domain/case-number.ts';
import { yearIn } from '../domain/time.ts';
import type { County } from '../domain/county.ts';
import { answerQuestion, reopenCase, stopUpdates } from '../domain/service.ts';
import { trackCase, type PublicCase, type RewardClaim } from '../domain/tracking.ts';
import * as z from 'zod/mini';
import { fmt, words } from '../messages/index.ts';
import { countyText, fmtHtml, t, voiceHint, type SiteContext } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { readForm } from './problem.ts';
import { fieldErrors, fieldMessages, messagesByField } from '../domain/field-errors.ts';
import { contextFor, formatWhen, formValues, sendPage, switchLink } from './public-page.ts';
import { photoLinks, photoOrigins, readPhotoFiles, storeOriginals, type PhotoLinks } from './photos.ts';
import { PHOTO_TYPES, PREVIEW_MAX_SIDE } from '../domain/photos.ts';

/** A case number as this county's look (`QS-2026-000001`), for hints and messages. */
export function exampleCase(county: Pick<County, 'code' | 'timezone'>, now: Date): string {
  return formatCaseNumber(county.code, yearIn(county.timezone, now), 1);
}

export const TrackForm = z.object({
  caseNumber: z.string().check(z.trim(), z.toUpperCase(), z.refine(isCaseNumber)),
  trackingCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(32)),
  op: z._default(z.enum(['view', 'answer', 'stop', 'reopen']), 'view'),
  text: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.description))),
  /** The page of older timeline entries to show (the cursor an earlier page gave). */
  before: z.optional(z.string().check(z.maxLength(200))),
});

const hiddenLang = (ctx: SiteContext) => html`<input type="hidden" name="lang" value="${ctx.locale}">`;
const fieldError = (errors: Readonly<Record<string, string>>, name: string) =>
  errors[name] ? html`<p class="error" id="err-${name}">${errors[name]}</p>` : html`<p class="error" id="err-${name}" hidden></p>`;
const invalid = (errors: Readonly<Record<string, string>>, name: string) => (errors[name] ? html` aria-invalid="true"` : '');

/** The lookup form: case number and tracking code (kept when the lookup failed). */
export function lookupForm(ctx: SiteContext, example: string, values: Readonly<Record<string, string>> = {}, errors: Readonly<Record<string, string>> = {}, notFound = false) {
  const m = t(ctx).track;
  const e = fieldMessages(ctx.locale);
  return html`<h1>${m.title}</h1>
<p>${m.intro}</p>
${notFound ? html`<div class="card error" role="alert"><p>${m.notFound}</p></div>` : ''}
<form class="card" method="post" action="/track" data-enhance data-e-required="${e.required}" data-e-invalid="${e.invalid}">
${hiddenLang(ctx)}
<div class="field"><label for="case">${m.caseNumber}</label><input type="text" id="case" name="caseNumber" value="${values.caseNumber ?? ''}" required maxlength="20" autocapitalize="characters" autocomplete="off" spellcheck="false" aria-describedby="case-hint err-caseNumber" data-e-required="${e.required}"${invalid(errors, 'caseNumber')}><p class="note" id="case-hint">${fmt(m.caseHint, { example })}</p>${fieldError(errors, 'caseNumber')}</div>
<div class="field"><label for="code">${m.trackingCode}</label><input type="text" id="code" name="trackingCode" value="${values.trackingCode ?? ''}" required maxlength="32" autocapitalize="characters" autocomplete="off" spellcheck="false" aria-describedby="code-hint err-trackingCode" data-e-required="${e.trackingCode}"${invalid(errors, 'trackingCode')}><p class="note" id="code-hint">${m.codeHint}</p>${fieldError(errors, 'trackingCode')}</div>
<button class="button" type="submit" data-sending="${m.look}…">${m.look}</button></form>`;
}

/** The rating form: on the track page (number and code hidden) and on /rate (typed in). */
export function rateForm(
  ctx: SiteContext,
  o: { caseNumber?: string; trackingCode?: string; hidden: boolean; example?: string; values?: Readonly<Record<string, string>>; errors?: Readonly<Record<string, string>>; heading?: boolean },
) {
  const m = t(ctx).rate;
  const e = fieldMessages(ctx.locale);
  const tr = t(ctx).track;
  const values = o.values ?? {};
  const errors = o.errors ?? {};
  const comment = values.comment ?? '';
  return html`<form class="card" method="post" action="/rate" data-enhance data-e-required="${e.required}" data-e-invalid="${e.invalid}">
${o.heading ? html`<h2>${tr.rateTitle}</h2>` : ''}
${hiddenLang(ctx)}
${o.hidden
  ? html`<input type="hidden" name="caseNumber" value="${o.caseNumber ?? ''}"><input type="hidden" name="trackingCode" value="${o.trackingCode ?? ''}">`
  : html`<div class="field"><label for="case">${tr.caseNumber}</label><input type="text" id="case" name="caseNumber" value="${o.caseNumber ?? values.caseNumber ?? ''}" required maxlength="20" autocapitalize="characters" autocomplete="off" spellcheck="false" aria-describedby="case-hint err-caseNumber" data-e-required="${e.required}"${invalid(errors, 'caseNumber')}><p class="note" id="case-hint">${fmt(tr.caseHint, { example: o.example ?? '' })}</p>${fieldError(errors, 'caseNumber')}</div>
<div class="field"><label for="code">${tr.trackingCode}</label><input type="text" id="code" name="trackingCode" value="${values.trackingCode ?? ''}" required maxlength="32" autocapitalize="characters" autocomplete="off" spellcheck="false" aria-describedby="code-hint err-trackingCode" data-e-required="${e.trackingCode}"${invalid(errors, 'trackingCode')}><p class="note" id="code-hint">${tr.codeHint}</p>${fieldError(errors, 'trackingCode')}</div>`}
<fieldset aria-describedby="err-score"><legend>${m.score}</legend>
${([5, 4, 3, 2, 1] as const).map(
  (n) => html`<label class="choice" for="score-${n}"><input type="radio" id="score-${n}" name="score" value="${n}" required data-e-required="${e.score}"${values.score === String(n) ? ' checked' : ''}><span>${m.scores[n]}</span></label>`,
)}
${fieldError(errors, 'score')}</fieldset>
<div class="field"><label for="comment">${m.comment}</label><textarea id="comment" name="comment" rows="3" maxlength="${LIMITS.comment}" aria-describedby="comment-count err-comment"${invalid(errors, 'comment')}>${comment}</textarea>
<p class="note count" id="comment-count" data-count="${t(ctx).form.counter}">${fmt(t(ctx).form.counter, { n: comment.length, max: LIMITS.comment })}</p>${fieldError(errors, 'comment')}</div>
<button class="button" type="submit" data-sending="${t(ctx).form.sending}">${m.submit}</button></form>`;
}

/** Where and until when a verified tip's reward is claimed; or that it was collected, or that the time is over. */
function claimText(ctx: SiteContext, claim: RewardClaim, now: Date, when: (iso: string, withTime?: boolean) => string) {
  const m = t(ctx).track;
  if (claim.paidAt) return fmt(m.rewardPaid, { date: when(claim.paidAt, false) });
  if (now.toISOString() > claim.by) return fmt(m.rewardExpired, { date: when(claim.by, false) });
  return fmtHtml(m.rewardClaim, { date: when(claim.by, false), station: countyText(ctx, claim.station) });
}

/** A case, as its resident sees it. */
export function caseView(
  ctx: SiteContext,
  county: Pick<County, 'timezone' | 'reopenDays'>,
  view: PublicCase,
  trackingCode: string,
  message?: { text: string; ok?: boolean },
  photos: readonly PhotoLinks[] = [],
  now = new Date(),
  /** An answer sent back (its photos refused): the text kept, the message next to the photos. */
  answer: { readonly text?: string; readonly error?: string } = {},
  /** A page of older timeline entries (`before`): it offers the way back to the newest. */
  olderPage = false,
) {
  const m = t(ctx).track;
  const hidden = html`<input type="hidden" name="caseNumber" value="${view.caseNumber}"><input type="hidden" name="trackingCode" value="${trackingCode}">${hiddenLang(ctx)}`;
  const asked = ((view.questions ?? 0) > 0 || view.timeline.some((e) => e.type === 'question')) && view.status !== 'resolved';
  const replies = view.timeline.filter((e) => e.type === 'reply');
  const at = CASE_STATUSES.indexOf(view.status);
  const when = (iso: string, withTime = true) => formatWhen(ctx.locale, county.timezone, iso, withTime);
  return html`<h1>${t(ctx).track.caseNumber} <span class="nowrap">${view.caseNumber}</span></h1>
${message ? html`<div class="card${message.ok ? ' ok' : ' error'}" role="${message.ok ? 'status' : 'alert'}"><p>${message.text}</p></div>` : ''}
<section class="card" aria-labelledby="status"><h2 id="status">${words(ctx.locale).status[view.status]}</h2>
<ol class="steps" aria-label="${m.stepsLabel}">${CASE_STATUSES.map(
    (s, i) => html`<li${i <= at ? html` class="done"` : ''}${i === at ? html` aria-current="step"` : ''}>${words(ctx.locale).status[s]}</li>`,
  )}</ol>
<p class="note">${t(ctx).kinds[view.kind].label} · <time datetime="${view.createdAt}">${when(view.createdAt)}</time></p></section>
${view.reward
  ? html`<section class="card" aria-labelledby="reward"><h2 id="reward">${m.reward}</h2><p>${
      view.reward.state === 'pending'
        ? m.rewardPending
        : view.reward.state === 'not_verified'
          ? m.rewardNotVerified
          : html`${m.rewardVerified}${view.reward.tier ? html` ${fmtHtml(m.rewardTier, { label: countyText(ctx, view.reward.tier.label) })}${view.reward.tier.amountYuan !== undefined ? fmt(m.rewardAmount, { amount: view.reward.tier.amountYuan }) : ''}` : ''}`
    }</p>${view.reward.state === 'verified' && view.reward.claim ? html`<p id="reward-claim">${claimText(ctx, view.reward.claim, now, when)}</p>` : ''}</section>`
  : ''}
${view.status === 'resolved'
  ? html`<form class="card" method="post" action="/track" data-enhance data-e-required="${fieldMessages(ctx.locale).required}">${hidden}<input type="hidden" name="op" value="reopen">
<h2>${m.reopenTitle}</h2><div class="field"><label for="reopen">${fmt(m.reopenHint, { days: county.reopenDays })}</label>${voiceHint(ctx, 'reopen-voice')}<textarea id="reopen" name="text" rows="3" required maxlength="${LIMITS.description}" aria-describedby="reopen-voice reopen-count err-text"></textarea>
<p class="note count" id="reopen-count" data-count="${t(ctx).form.counter}">${fmt(t(ctx).form.counter, { n: 0, max: LIMITS.description })}</p><p class="error" id="err-text" hidden></p></div>
<button class="button secondary" type="submit" data-sending="${t(ctx).form.sending}">${m.reopenButton}</button></form>`
  : ''}
${view.status === 'resolved'
  ? view.rating !== undefined
    ? html`<div class="card ok"><p>${fmt(m.rated, { score: view.rating })}</p></div>`
    : rateForm(ctx, { caseNumber: view.caseNumber, trackingCode, hidden: true, heading: true })
  : ''}
${photos.length > 0 ? photoList(ctx, photos) : ''}
${replies.length > 0
  ? html`<section class="card" aria-labelledby="replies"><h2 id="replies">${m.replies}</h2><ul class="timeline">${replies.map((e) => html`<li><time datetime="${e.at}">${when(e.at)}</time><span class="reply">${e.text}</span></li>`)}</ul></section>`
  : ''}
${asked
  ? html`<form class="card" method="post" action="/track" enctype="multipart/form-data" data-enhance data-e-required="${fieldMessages(ctx.locale).required}">${hidden}<input type="hidden" name="op" value="answer">
<div class="field"><label for="answer">${view.kind === 'tip' ? m.answer : m.answerNamed}</label>${voiceHint(ctx, 'answer-voice')}<textarea id="answer" name="text" rows="3" required maxlength="${LIMITS.description}" aria-describedby="answer-voice answer-count err-text"${answer.error ? html` aria-invalid="true"` : ''}>${answer.text ?? ''}</textarea>
<p class="note count" id="answer-count" data-count="${t(ctx).form.counter}">${fmt(t(ctx).form.counter, { n: (answer.text ?? '').length, max: LIMITS.description })}</p><p class="error" id="err-text" hidden></p></div>
<div class="field"><label for="answer-photo">${t(ctx).form.photo}</label><input type="file" id="answer-photo" name="photo" accept="${PHOTO_TYPES.join(',')}" multiple aria-describedby="answer-photo-hint err-photo"${answer.error ? html` aria-invalid="true"` : ''}>
<p class="note" id="answer-photo-hint">${t(ctx).form.photoHint}</p>${answer.error ? html`<p class="error" id="err-photo">${answer.error}</p>` : html`<p class="error" id="err-photo" hidden></p>`}</div>
<button class="button" type="submit" data-sending="${t(ctx).form.sending}">${m.answerButton}</button></form>`
  : ''}
<section class="card" aria-labelledby="timeline"><h2 id="timeline">${m.timeline}</h2><ol class="timeline">${view.timeline.map(
    (e) => html`<li><time datetime="${e.at}">${when(e.at)}</time><span${e.type === 'reply' ? html` class="reply"` : ''}>${e.text}</span></li>`,
  )}</ol>${view.timelineBefore || olderPage
    ? html`<div class="inline">${view.timelineBefore ? html`<form method="post" action="/track">${hidden}<input type="hidden" name="before" value="${view.timelineBefore}"><button class="button secondary" type="submit">${m.earlier}</button></form>` : ''}${olderPage ? html`<form method="post" action="/track#timeline">${hidden}<button class="button secondary" type="submit">${m.newest}</button></form>` : ''}</div>`
    : ''}</section>
${view.updates ? html`<form method="post" action="/track">${hidden}<input type="hidden" name="op" value="stop"><button class="button secondary" type="submit">${m.stop}</button></form>` : ''}`;
}

/** A case's photos as small previews, each linking to the full photo (signed URLs, a few minutes). */
export function photoList(ctx: Pick<SiteContext, 'locale'>, photos: readonly PhotoLinks[]) {
  const m = t(ctx).track;
  return html`<section class="card" aria-labelledby="photos"><h2 id="photos">${m.photos}</h2><ul class="photos">${photos.map((p, i) => {
    const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(p.width, p.height));
    return html`<li><a href="${p.full}"><img src="${p.preview}" alt="${fmt(m.photoAlt, { n: i + 1 })}" width="${Math.round(p.width * scale)}" height="${Math.round(p.height * scale)}" loading="lazy"></a></li>`;
  })}</ul></section>`;
}

/** The track page showing a case; its language switch posts the same number and code again. */
export async function sendCase(
  c: Context,
  deps: Pick<ApiDeps, 'photos' | 'clock'>,
  ctx: SiteContext,
  county: County,
  view: PublicCase,
  trackingCode: string,
  message?: { text: string; ok?: boolean },
  status: 200 | 400 | 409 = 200,
  answer: { readonly text?: string; readonly error?: string } = {},
  olderPage = false,
) {
  const photos = deps.photos ? await photoLinks(deps.photos, view.caseNumber, view.photos) : [];
  return sendPage(c, {
    ctx,
    title: `${t(ctx).track.title} ${view.caseNumber}`,
    body: caseView(ctx, county, view, trackingCode, message, photos, deps.clock.now(), answer, olderPage),
    imgSrc: photoOrigins(photos),
    switchTo: { action: '/track', fields: { caseNumber: view.caseNumber, trackingCode } },
    script: true,
    css: ['/case.css'],
    status,
  });
}

export function trackRoutes(deps: ApiDeps): Hono {
  const lookupPage = (c: Context, county: County, ctx: SiteContext, values: Record<string, string>, errors: Record<string, string>, notFound: boolean, status: 200 | 400 | 404) =>
    sendPage(c, {
      ctx,
      title: t(ctx).track.title,
      body: lookupForm(ctx, exampleCase(county, deps.clock.now()), values, errors, notFound),
      switchTo: switchLink(ctx, '/track', { case: isCaseNumber(values.caseNumber ?? '') ? values.caseNumber : undefined }),
      script: true,
      status,
    });

  return new Hono()
    .get('/', async (c) => {
      const { county } = await deps.county.get();
      const ctx = contextFor(c, county);
      const caseNumber = (c.req.query('case') ?? '').trim().toUpperCase();
      return lookupPage(c, county, ctx, isCaseNumber(caseNumber) ? { caseNumber } : {}, {}, false, 200);
    })
    .post('/', async (c) => {
      const { county } = await deps.county.get();
      // The answer form is multipart: its text and up to three photos (field `photo`).
      const body = await readForm(c, { all: true });
      const values = formValues(body);
      const ctx = contextFor(c, county, values.lang);
      const parsed = TrackForm.safeParse(values, { error: fieldErrors(ctx.locale, { caseExample: exampleCase(county, deps.clock.now()) }) });
      if (!parsed.success) return lookupPage(c, county, ctx, values, messagesByField(parsed.error.issues), false, 400);
      const { caseNumber, trackingCode, op, text, before } = parsed.data;
      try {
        let message: { text: string; ok: boolean } | undefined;
        if (op === 'answer' && text) {
          // Photos with the answer: checked before anything is kept; refused, the answer comes back with its text.
          const photos = await readPhotoFiles(body);
          if (photos.errors.length > 0 || (photos.photos.length > 0 && !deps.photos)) {
            return await sendCase(c, deps, ctx, county, await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale }), trackingCode, undefined, 400, { text, error: fieldMessages(ctx.locale).photo });
          }
          await answerQuestion(deps, { caseNumber, trackingCode, text });
          if (deps.photos && photos.photos.length > 0) await storeOriginals(deps.photos, caseNumber, photos.photos);
          message = { text: t(ctx).track.answered, ok: true };
        } else if (op === 'reopen' && text) {
          await reopenCase(deps, { caseNumber, trackingCode, text });
          message = { text: t(ctx).track.reopened, ok: true };
        } else if (op === 'stop') {
          await stopUpdates(deps, { caseNumber, trackingCode });
          message = { text: t(ctx).track.stopped, ok: true };
        }
        const older = op === 'view' && before !== undefined && before !== '';
        return await sendCase(c, deps, ctx, county, await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale, ...(older && { before }) }), trackingCode, message, 200, {}, older);
      } catch (error) {
        // A wrong code and an unknown case read the same.
        if (error instanceof NotFoundError) return lookupPage(c, county, ctx, { caseNumber, trackingCode }, {}, true, 404);
        if (error instanceof ConflictError) {
          return sendCase(c, deps, ctx, county, await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale }), trackingCode, { text: t(ctx).track.conflict }, 409);
        }
        throw error;
      }
    });
}
