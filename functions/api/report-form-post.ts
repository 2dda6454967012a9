/**
 * The report forms' side of `POST /api/v1/cases` (an HTML form post; JSON goes straight on).
 * Mounted just before `casesRoutes`, it
 *  - checks the fields with the same SubmissionSchema first and, when some are bad, answers 400 with
 *    the SAME form (web/src/shared/report-form.ts) re-rendered: what was typed kept, a message next
 *    to each bad field, in the page's language (the form's hidden `lang`);
 *  - otherwise hands the request on to `casesRoutes`, which makes the case and answers 303 to the
 *    receipt; when the page was not in the county's language, the receipt URL gets `?lang=`;
 *  - turns "unknown village" (found only when the case is made) into the form with that message;
 *  - past a limit (428 proof of work, 429) or on a failure of ours (500/503), answers with the form
 *    again, everything typed kept and a notice of what happened; when photos were chosen, the notice
 *    says to choose them again (a page cannot give files back).
 * The report form's script sends with `Accept: application/json` and gets the API's answers instead.
 * A post without a known `kind` has no form to go back to: the generic error page answers it.
 */
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { CASE_KINDS, FieldError, SubmissionSchema, type CaseKind } from '../domain/case.ts';
import type { County } from '../domain/county.ts';
import { fmt, otherLocale } from '../messages/index.ts';
import { reportForm, type ReportFormModel } from '../../web/src/shared/report-form.ts';
import { ChallengeRequired, TooManyRequests } from '../domain/limits.ts';
import { villageCards, villagesByTownship } from '../../web/src/shared/roster.ts';
import { staticPath, t, type SiteContext } from '../../web/src/shared/site.ts';
import { isFormPost, wantsJson } from './cases.ts';
import type { ApiDeps } from './deps.ts';
import { readForm } from './problem.ts';
import { localizeIssues } from './form-errors.ts';
import { readPhotoFiles, uploadOrigin } from './photos.ts';
import { contextFor, formValues, sendPage } from './public-page.ts';

function isKind(value: unknown): value is CaseKind {
  return typeof value === 'string' && (CASE_KINDS as readonly string[]).includes(value);
}

export function reportFormRoutes(deps: ApiDeps): Hono {
  return new Hono().post('/', async (c, next) => {
    // The report form's script asks for JSON: it gets the API's answers (problem+json, 428 with the challenge).
    if (!isFormPost(c) || wantsJson(c)) return next();
    const body = await readForm(c, { all: true });
    const values = formValues(body);
    if (!isKind(values.kind)) return next();
    const kind = values.kind;
    const { county } = await deps.county.get();
    const ctx = contextFor(c, county, values.lang);

    const parsed = SubmissionSchema.safeParse(body);
    const errors = parsed.success ? {} : localizeIssues(ctx.locale, parsed.error.issues, values);
    // SMS updates need a phone to go to: say so rather than drop the wish silently.
    // (An anonymous case keeps no phone and gets no SMS: nothing to say there.)
    const anonymous = values.anonymous === 'true' || (values.anonymous !== 'false' && kind === 'tip');
    if (values.updates === 'true' && (values.phone ?? '').trim() === '' && !anonymous && !errors.phone) {
      errors.phone = t(ctx).errors.updatesNeedPhone;
    }
    const photos = await readPhotoFiles(body);
    if (photos.errors.length > 0 || (photos.photos.length > 0 && !deps.photos)) errors.photo = t(ctx).errors.photo;
    // A page cannot give files back: when the form returns, it says the chosen photos must be chosen again.
    const photosAgain = photos.photos.length > 0 && !errors.photo ? ` ${t(ctx).errors.photosAgain}` : '';
    if (Object.keys(errors).length > 0) return formPage(c, deps, county, ctx, kind, values, errors, photosAgain ? { text: photosAgain.trim() } : undefined);

    await next();

    const error = c.error;
    let again: { notice: NonNullable<ReportFormModel['notice']>; status: FormStatus; retryAfter?: number } | undefined;
    if (error instanceof ChallengeRequired) {
      // Past the soft limit: a proof of work the page's script solves and sends by itself.
      again = { notice: { text: fmt(t(ctx).errors.challenge, { number: ctx.emergencyNumber }) + photosAgain, challenge: error.challenge }, status: 428 };
    } else if (error instanceof TooManyRequests) {
      // Past the hard limit: when to try again, and the emergency number.
      const text = fmt(t(ctx).errors.tooMany, { minutes: Math.ceil(error.retryAfterSeconds / 60), number: ctx.emergencyNumber });
      again = { notice: { text: text + photosAgain }, status: 429, retryAfter: error.retryAfterSeconds };
    } else if (c.res.status >= 500) {
      // Something failed on our side (the store, the bucket): the form again, everything typed kept.
      again = { notice: { text: fmt(t(ctx).errors.serverError, { number: ctx.emergencyNumber }) + photosAgain }, status: c.res.status === 503 ? 503 : 500 };
    }
    if (again) {
      const page = await formPage(c, deps, county, ctx, kind, values, {}, again.notice, again.status);
      if (again.retryAfter !== undefined) page.headers.set('Retry-After', String(again.retryAfter));
      c.res = undefined;
      c.res = page;
      return;
    }
    if (error instanceof FieldError && error.field === 'villageId') {
      // The response is set already (the app's error page): replace it, headers and all.
      const page = await formPage(c, deps, county, ctx, kind, { ...values, villageId: '' }, { villageId: t(ctx).errors.villageUnknown }, photosAgain ? { text: photosAgain.trim() } : undefined);
      c.res = undefined;
      c.res = page;
      return;
    }
    const location = c.res.headers.get('Location');
    if (c.res.status === 303 && location && ctx.locale !== ctx.defaultLocale) {
      c.res.headers.set('Location', `${location}${location.includes('?') ? '&' : '?'}lang=${encodeURIComponent(ctx.locale)}`);
    }
  });
}

type FormStatus = 400 | 428 | 429 | 500 | 503;

/** The report form again, with the village fixed when the post named a known one. */
async function formPage(
  c: Context,
  deps: Pick<ApiDeps, 'photos'>,
  county: County,
  ctx: SiteContext,
  kind: CaseKind,
  values: Record<string, string>,
  errors: Record<string, string>,
  notice?: ReportFormModel['notice'],
  status: FormStatus = 400,
) {
  const card = villageCards(county).find((v) => v.id === values.villageId);
  const path = card ? `/v/${card.id}/${kind}/` : `/report/${kind}/`;
  return sendPage(c, {
    ctx,
    title: t(ctx).kinds[kind].title,
    body: reportForm({
      ctx,
      kind,
      county,
      ...(card && { village: { id: card.id, name: card.name, officer: card.officer.name } }),
      townships: villagesByTownship(county),
      values,
      errors,
      ...(notice && { notice }),
    }),
    // The other language's form is a static page: what was typed stays here.
    switchTo: { href: staticPath({ ...ctx, locale: otherLocale(ctx.locale) }, path) },
    script: true,
    status,
    // The form's script uploads photos straight to the photos bucket.
    ...(deps.photos && { connectSrc: [await uploadOrigin(deps.photos)] }),
  });
}
