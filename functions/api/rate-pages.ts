/**
 * `/rate`: a resident rates a resolved case once, 1 to 5 with an optional comment, with the case
 * number and the tracking code. GET shows the form (`?case=` fills the number in); POST rates and
 * shows the case as on the track page, or the form again with a message next to each bad field.
 * The track page of a resolved, unrated case carries the same form (number and code hidden).
 */
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { LIMITS } from '../domain/case.ts';
import type { County } from '../domain/county.ts';
import { rateCase } from '../domain/service.ts';
import { trackCase, type PublicCase } from '../domain/tracking.ts';
import * as z from 'zod/mini';
import { blankAsUndefined } from '../domain/z.ts';
import { t, type SiteContext } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { readForm } from './problem.ts';
import { fieldErrors, messagesByField } from '../domain/field-errors.ts';
import { contextFor, formValues } from './public-page.ts';
import { caseFormGet, exampleCase, sendCase, sendCaseForm, TrackForm } from './track-pages.tsx';

const RateForm = z.extend(z.pick(TrackForm, { caseNumber: true, trackingCode: true }), {
  score: z.pipe(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(5)),
    z.transform((n) => n as 1 | 2 | 3 | 4 | 5),
  ),
  comment: blankAsUndefined(z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.comment)))),
});

export function rateRoutes(deps: ApiDeps): Hono {
  return new Hono()
    .get('/', caseFormGet(deps, 'rate'))
    .post('/', async (c) => {
      const { county } = await deps.county.get();
      const values = formValues(await readForm(c));
      const ctx = contextFor(c, county, values.lang);
      const m = t(ctx);
      const parsed = RateForm.safeParse(values, { error: fieldErrors(ctx.locale, { caseExample: exampleCase(county, deps.clock.now()) }) });
      if (!parsed.success) return sendCaseForm(c, deps, county, ctx, 'rate', { values, errors: messagesByField(parsed.error.issues), status: 400 });
      const { caseNumber, trackingCode, score, comment } = parsed.data;
      const refused = (view: PublicCase) => (view.status !== 'resolved' ? m.rate.notResolved : view.rating !== undefined ? m.rate.already : undefined);
      try {
        const before = await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale });
        const why = refused(before);
        if (why) return sendCase(c, deps, ctx, county, before, trackingCode, { text: why }, 409);
        await rateCase(deps, { caseNumber, trackingCode, score, ...(comment && { comment }) });
        return await sendCase(c, deps, ctx, county, await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale }), trackingCode, { text: m.rate.thanks, ok: true });
      } catch (error) {
        // A wrong code and an unknown case read the same, as on the track page.
        if (error instanceof NotFoundError) return sendCaseForm(c, deps, county, ctx, 'rate', { values, refused: m.track.notFound, status: 404 });
        if (error instanceof ConflictError) {
          // Rated (or reopened) meanwhile: show the case as it is now.
          const now = await trackCase(deps, caseNumber, trackingCode, { locale: ctx.locale });
          return sendCase(c, deps, ctx, county, now, trackingCode, { text: refused(now) ?? m.track.conflict }, 409);
        }
        throw error;
      }
    });
}
