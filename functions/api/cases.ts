/**
 * `/api/v1/cases`: create (JSON or an HTML form post, with photos), track with the tracking code, rate,
 * and ask for a presigned upload of a photo (`POST /{caseNumber}/photos`).
 */
import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { setCookie } from 'hono/cookie';
import { randomUUID } from 'node:crypto';
import { IdempotencyKeySchema, LIMITS, SubmissionSchema, isCaseNumber, type Submission } from '../domain/case.ts';
import { LOCALES } from '../domain/county.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, REFUSAL_MESSAGES, photoKeys } from '../domain/photos.ts';
import * as z from 'zod/mini';
import { answerQuestion, rateCase, reopenCase, stopUpdates, submitCase, trackCase } from '../domain/service.ts';
import { DUPLICATE_WINDOW_MS, guardIntake, implicitKey } from '../edge/intake.ts';
import type { ApiDeps } from './deps.ts';
import { fieldProblems, problem, problems, readForm, SubmissionInvalid, type FieldProblem } from './problem.ts';
import { readPhotoFiles, storeOriginals, type PhotoFile } from './photos.ts';
import { RECEIPT_COOKIE, receiptCookieValue } from './pages.ts';

const trackingCode = z.string({ message: 'is required' }).check(z.trim(), z.minLength(1, 'is required'), z.maxLength(32));
const SCORE = 'must be a whole number from 1 to 5';

export const RatingSchema = z.object({
  trackingCode,
  score: z.pipe(
    z.coerce.number({ message: SCORE }).check(z.int(SCORE), z.minimum(1, SCORE), z.maximum(5, SCORE)),
    z.transform((n) => n as 1 | 2 | 3 | 4 | 5),
  ),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.comment, `at most ${LIMITS.comment} characters`))),
});
export type RatingInput = z.infer<typeof RatingSchema>;

export const AnswerSchema = z.object({
  trackingCode,
  text: z.string({ message: 'is required' }).check(z.trim(), z.minLength(1, 'is required'), z.maxLength(LIMITS.description, `at most ${LIMITS.description} characters`)),
});

const TrackingCodeBody = z.object({ trackingCode });

/** A browser asks to upload one photo of a case straight to object storage. */
export const PhotoUploadSchema = z.object({
  trackingCode,
  contentType: z.enum(PHOTO_TYPES, { message: `must be one of ${PHOTO_TYPES.join(', ')}` }),
  size: z.number({ message: 'must be the file size in bytes' }).check(z.int('must be the file size in bytes'), z.minimum(1, 'must be the file size in bytes'), z.maximum(MAX_PHOTO_BYTES, REFUSAL_MESSAGES.size)),
});

/** `?before=` reads the page of timeline entries older than a cursor an earlier answer gave (`timelineBefore`). */
const TrackQuery = z.object({ before: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(200))) });

const CaseNumberParam = z.object({
  caseNumber: z.string().check(z.refine(isCaseNumber, 'must look like DEMO-2026-000001')),
});

export function isFormPost(c: Context): boolean {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
}

/**
 * A form post from the report form's script (`Accept: application/json`): it is answered like the
 * JSON API (201 with the receipt, problem+json for bad input, 428 with the challenge) so the script
 * can upload the photos and then open the receipt page, which the cookie still fills in.
 */
export function wantsJson(c: Context): boolean {
  return /application\/(problem\+)?json/i.test(c.req.header('Accept') ?? '');
}

export function isMultipart(c: Context): boolean {
  return (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() === 'multipart/form-data';
}

function isJson(c: Context): boolean {
  return /^application\/([\w.-]+\+)?json$/i.test((c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '');
}

/** Reads a submission from JSON or form fields; bad fields throw SubmissionInvalid for the app's onError. */
async function readSubmission(c: Context, deps: ApiDeps): Promise<{ submission: Submission; idempotencyKey?: string; photos: PhotoFile[]; solution?: string; lang?: string } | Response> {
  let body: Record<string, unknown>;
  let photos: PhotoFile[] = [];
  const photoErrors: FieldProblem[] = [];
  if (isFormPost(c)) {
    body = await readForm(c, { all: true });
    const read = await readPhotoFiles(body);
    photos = read.photos;
    photoErrors.push(...read.errors);
    if (photos.length > 0 && !deps.photos) photoErrors.push({ field: 'photo', message: 'photos are not accepted by this deployment' });
  } else if (isJson(c)) {
    try {
      body = await c.req.json();
    } catch {
      return problem(c, problems.validation([{ field: '(body)', message: 'is not valid JSON' }]));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return problem(c, problems.validation([{ field: '(body)', message: 'must be a JSON object' }]));
    }
  } else {
    return problem(c, problems.unsupportedMediaType());
  }

  const parsed = SubmissionSchema.safeParse(body);
  const rawKey = c.req.header('Idempotency-Key') ?? (typeof body.idempotencyKey === 'string' && body.idempotencyKey !== '' ? body.idempotencyKey : undefined);
  const key = rawKey === undefined ? undefined : IdempotencyKeySchema.safeParse(rawKey);
  const errors = [
    ...(parsed.success ? [] : fieldProblems(parsed.error)),
    ...photoErrors,
    ...(key && !key.success ? [{ field: 'Idempotency-Key', message: key.error.issues[0]?.message ?? 'is invalid' }] : []),
  ];
  if (errors.length > 0 || !parsed.success) throw new SubmissionInvalid(errors);
  // A solved proof of work, when the guard asked for one (edge/challenge.ts).
  const solution = typeof body.altcha === 'string' && body.altcha !== '' ? body.altcha : undefined;
  const lang = typeof body.lang === 'string' && body.lang !== '' ? body.lang : undefined;
  return { submission: parsed.data, ...(key?.success && { idempotencyKey: key.data }), photos, ...(solution && { solution }), ...(lang && { lang }) };
}

/** A malformed case number is as unknown as a well-formed one that does not exist. */
const unknownCase = (result: { success: boolean }, c: Context) => {
  if (!result.success) return problem(c, problems.notFound('no case with this number and tracking code'));
};

const onInvalid = <T>(result: { success: true; data: T } | { success: false; error: Parameters<typeof fieldProblems>[0] }, c: Context) => {
  if (!result.success) return problem(c, problems.validation(fieldProblems(result.error)));
};

export function casesRoutes(deps: ApiDeps): Hono {
  return new Hono()
    .post('/', async (c) => {
      const input = await readSubmission(c, deps);
      if (input instanceof Response) return input;
      await guardIntake(deps, c, input.submission, input.solution);
      // A form post without a key (no JavaScript): the same post again within 10 minutes is the same case.
      const implicit = input.idempotencyKey === undefined && isFormPost(c);
      const receipt = implicit
        ? await submitCase(deps, input.submission, implicitKey(deps, c, input.submission), { idempotencyMs: DUPLICATE_WINDOW_MS })
        : await submitCase(deps, input.submission, input.idempotencyKey);
      // Stored only once the case exists: a refused post stores nothing.
      if (deps.photos && input.photos.length > 0) await storeOriginals(deps.photos, receipt.caseNumber, input.photos);
      if (isFormPost(c)) {
        const url = new URL(c.req.url);
        setCookie(c, RECEIPT_COOKIE, receiptCookieValue(receipt), {
          path: '/receipt/',
          httpOnly: true,
          sameSite: 'Lax',
          secure: url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname),
          maxAge: 15 * 60,
        });
        if (wantsJson(c)) {
          // The report form's script: it sends the photos next, then opens the receipt page (in the form's language).
          const { county } = await deps.county.get();
          const lang = input.lang && (LOCALES as readonly string[]).includes(input.lang) && input.lang !== county.locale ? `?lang=${encodeURIComponent(input.lang)}` : '';
          return c.json({ ...receipt, receiptUrl: `/receipt/${receipt.caseNumber}${lang}` }, 201, { Location: `/api/v1/cases/${receipt.caseNumber}`, 'Cache-Control': 'no-store' });
        }
        return c.redirect(`/receipt/${receipt.caseNumber}`, 303);
      }
      return c.json(receipt, 201, { Location: `/api/v1/cases/${receipt.caseNumber}`, 'Cache-Control': 'no-store' });
    })
    .get(
      '/:caseNumber',
      zValidator('param', CaseNumberParam, unknownCase),
      zValidator('query', TrackQuery, onInvalid),
      zValidator('header', z.object({ 'x-tracking-code': trackingCode }), (result, c) => {
        if (!result.success) return problem(c, problems.validation([{ field: 'X-Tracking-Code', message: 'header is required' }]));
      }),
      async (c) => {
        const { before } = c.req.valid('query');
        const view = await trackCase(deps, c.req.valid('param').caseNumber, c.req.valid('header')['x-tracking-code'], before === undefined ? {} : { before });
        return c.json(view, 200, { 'Cache-Control': 'no-store' });
      },
    )
    .post(
      '/:caseNumber/rating',
      zValidator('param', CaseNumberParam, unknownCase),
      zValidator('json', RatingSchema, onInvalid),
      async (c) => {
        const input = c.req.valid('json');
        await rateCase(deps, { caseNumber: c.req.valid('param').caseNumber, ...input });
        return c.json({ caseNumber: c.req.valid('param').caseNumber, score: input.score }, 201);
      },
    )
    .post('/:caseNumber/answers', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', AnswerSchema, onInvalid), async (c) => {
      await answerQuestion(deps, { caseNumber: c.req.valid('param').caseNumber, ...c.req.valid('json') });
      return c.body(null, 204);
    })
    .post('/:caseNumber/photos', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', PhotoUploadSchema, onInvalid), async (c) => {
      const { caseNumber } = c.req.valid('param');
      const { trackingCode, contentType } = c.req.valid('json');
      if (!deps.photos) return problem(c, problems.notFound('this deployment takes no photos'));
      const view = await trackCase(deps, caseNumber, trackingCode);
      // Three with the case and three with each answer (counted on the case item, whatever page the timeline shows).
      const allowed = MAX_PHOTOS * (1 + (view.answers ?? 0));
      if (view.photos.length >= allowed) return problem(c, problems.conflict(`this case has its ${allowed} photos already`));
      const photoId = randomUUID().replace(/-/g, '');
      // The policy allows this one key, this type and at most MAX_PHOTO_BYTES; the photos function checks the bytes again.
      const upload = await deps.photos.presignUpload(photoKeys.incoming(caseNumber, photoId), contentType, MAX_PHOTO_BYTES);
      return c.json({ photoId, url: upload.url, fields: upload.fields, maxBytes: MAX_PHOTO_BYTES }, 201, { 'Cache-Control': 'no-store' });
    })
    .post('/:caseNumber/reopen', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', AnswerSchema, onInvalid), async (c) => {
      await reopenCase(deps, { caseNumber: c.req.valid('param').caseNumber, ...c.req.valid('json') });
      return c.body(null, 204);
    })
    .post('/:caseNumber/updates/stop', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', TrackingCodeBody, onInvalid), async (c) => {
      await stopUpdates(deps, { caseNumber: c.req.valid('param').caseNumber, ...c.req.valid('json') });
      return c.body(null, 204);
    });
}

