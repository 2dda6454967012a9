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
import { LIMITS } from '../domain/case.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { formatCaseNumber, isCaseNumber } from '../domain/case-number.ts';
import { yearIn } from '../domain/time.ts';
import type { County } from '../domain/county.ts';
import { answerQuestion, reopenCase, stopUpdates } from '../domain/service.ts';
import { trackCase, type PublicCase } from '../domain/tracking.ts';
import * as z from 'zod/mini';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { t, type SiteContext } from '../ui/site.ts';
import { CaseFormPage, CaseView } from '../ui/CasePages.tsx';
import type { ApiDeps } from './deps.ts';
import { readForm } from './problem.ts';
import { fieldErrors, fieldMessages, messagesByField } from '../domain/field-errors.ts';
import { contextFor, formValues, sendPage, switchLink } from './public-page.ts';
import { photoLinks, photoOrigins, readPhotoFiles, storeOriginals } from './photos.ts';

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
    body: <CaseView ctx={ctx} county={county} view={view} trackingCode={trackingCode} message={message} photos={photos} now={deps.clock.now()} answer={answer} olderPage={olderPage} />,
    imgSrc: photoOrigins(photos),
    switchTo: { action: '/track', fields: { caseNumber: view.caseNumber, trackingCode } },
    script: true,
    css: ['/case.css'],
    status,
  });
}

/**
 * A page that asks for a case by number and tracking code (`/track` to look it up, `/rate` to rate
 * it), with what was typed, the messages next to the fields and why the last try was refused; its
 * switch to the other language keeps the case number, never the code.
 */
export function sendCaseForm(
  c: Context,
  deps: Pick<ApiDeps, 'clock'>,
  county: County,
  ctx: SiteContext,
  page: 'track' | 'rate',
  p: { readonly values?: Record<string, string>; readonly errors?: Record<string, string>; readonly refused?: string; readonly status: ContentfulStatusCode },
) {
  const caseNumber = p.values?.caseNumber ?? '';
  return sendPage(c, {
    ctx,
    title: t(ctx)[page].title,
    body: <CaseFormPage ctx={ctx} page={page} example={exampleCase(county, deps.clock.now())} values={p.values ?? {}} errors={p.errors ?? {}} refused={p.refused} />,
    switchTo: switchLink(ctx, `/${page}`, { case: isCaseNumber(caseNumber) ? caseNumber : undefined }),
    script: true,
    status: p.status,
  });
}

/** GET of such a page: the case number a link names (`?case=`, as in the resolved-case SMS) filled in. */
export function caseFormGet(deps: Pick<ApiDeps, 'clock' | 'county'>, page: 'track' | 'rate') {
  return async (c: Context) => {
    const { county } = await deps.county.get();
    const caseNumber = (c.req.query('case') ?? '').trim().toUpperCase();
    return sendCaseForm(c, deps, county, contextFor(c, county), page, { values: isCaseNumber(caseNumber) ? { caseNumber } : {}, status: 200 });
  };
}

export function trackRoutes(deps: ApiDeps): Hono {
  return new Hono()
    .get('/', caseFormGet(deps, 'track'))
    .post('/', async (c) => {
      const { county } = await deps.county.get();
      // The answer form is multipart: its text and up to three photos (field `photo`).
      const body = await readForm(c, { all: true });
      const values = formValues(body);
      const ctx = contextFor(c, county, values.lang);
      const parsed = TrackForm.safeParse(values, { error: fieldErrors(ctx.locale, { caseExample: exampleCase(county, deps.clock.now()) }) });
      if (!parsed.success) return sendCaseForm(c, deps, county, ctx, 'track', { values, errors: messagesByField(parsed.error.issues), status: 400 });
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
        if (error instanceof NotFoundError) return sendCaseForm(c, deps, county, ctx, 'track', { values: { caseNumber, trackingCode }, refused: t(ctx).track.notFound, status: 404 });
        if (error instanceof ConflictError) {
          return sendCase(c, deps, ctx, county, await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale }), trackingCode, { text: t(ctx).track.conflict }, 409);
        }
        throw error;
      }
    });
}
