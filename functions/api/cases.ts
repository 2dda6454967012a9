/**
 * `/api/v1/cases`: create (JSON or an HTML form post, with photos), track with the tracking code, rate,
 * and ask for a presigned upload of a photo (`POST /{caseNumber}/photos`).
 */
import { zValidator } from '@hono/zod-validator';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '../domain/case.ts';
import { isCaseNumber } from '../domain/case-number.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES, REFUSAL_MESSAGES, photoKeys } from '../domain/photos.ts';
import * as z from 'zod/mini';
import { answerQuestion, rateCase, reopenCase, stopUpdates } from '../domain/service.ts';
import { trackCase } from '../domain/tracking.ts';
import type { ApiDeps } from './deps.ts';
import { fieldProblems, problem, problems } from './problem.ts';
import { requestedLocale, submitHandler } from './submit.ts';
import { fieldErrors } from '../domain/field-errors.ts';

// A resident's fields carry no message of their own: the error map (domain/field-errors.ts) words them.
const trackingCode = z.string().check(z.trim(), z.minLength(1), z.maxLength(32));

export const RatingSchema = z.object({
  trackingCode,
  score: z.pipe(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(5)),
    z.transform((n) => n as 1 | 2 | 3 | 4 | 5),
  ),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.comment))),
});
export type RatingInput = z.infer<typeof RatingSchema>;

export const AnswerSchema = z.object({
  trackingCode,
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.description)),
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

/** A malformed case number is as unknown as a well-formed one that does not exist. */
const unknownCase = (result: { success: boolean }, c: Context) => {
  if (!result.success) return problem(c, problems.notFound('no case with this number and tracking code'));
};

const onInvalid = <T>(result: { success: true; data: T } | { success: false; error: Parameters<typeof fieldProblems>[0] }, c: Context) => {
  if (!result.success) return problem(c, problems.validation(fieldProblems(result.error)));
};

/**
 * A resident's JSON with bad fields, answered in the language the request asks for (`lang`, else
 * Accept-Language): zValidator parses without a language (English), so the issues are worded again
 * by parsing the same body with that language's error map.
 */
const onInvalidIn =
  <S extends z.ZodMiniType>(schema: S) =>
  (result: { success: boolean; data: unknown; error?: Parameters<typeof fieldProblems>[0] }, c: Context) => {
    if (result.success || !result.error) return;
    const body = result.data as { lang?: unknown } | undefined;
    const locale = requestedLocale(c, typeof body === 'object' && body !== null ? body.lang : undefined);
    const worded = locale === 'en' ? undefined : schema.safeParse(result.data, { error: fieldErrors(locale) });
    return problem(c, problems.validation(fieldProblems(worded && !worded.success ? worded.error : result.error)));
  };

export function casesRoutes(deps: ApiDeps): Hono {
  return new Hono()
    .post('/', submitHandler(deps))
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
      zValidator('json', RatingSchema, onInvalidIn(RatingSchema)),
      async (c) => {
        const input = c.req.valid('json');
        await rateCase(deps, { caseNumber: c.req.valid('param').caseNumber, ...input });
        return c.json({ caseNumber: c.req.valid('param').caseNumber, score: input.score }, 201);
      },
    )
    .post('/:caseNumber/answers', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', AnswerSchema, onInvalidIn(AnswerSchema)), async (c) => {
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
    .post('/:caseNumber/reopen', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', AnswerSchema, onInvalidIn(AnswerSchema)), async (c) => {
      await reopenCase(deps, { caseNumber: c.req.valid('param').caseNumber, ...c.req.valid('json') });
      return c.body(null, 204);
    })
    .post('/:caseNumber/updates/stop', zValidator('param', CaseNumberParam, unknownCase), zValidator('json', TrackingCodeBody, onInvalidIn(TrackingCodeBody)), async (c) => {
      await stopUpdates(deps, { caseNumber: c.req.valid('param').caseNumber, ...c.req.valid('json') });
      return c.body(null, 204);
    });
}

