/**
 * The report forms' side of `POST /api/v1/cases` (an HTML form post; JSON goes straight on).
 * Mounted just before `casesRoutes`, it
 *  - checks the fields with the same SubmissionSchema first and, when some are bad, answers 400 with
 *    the SAME form (web/src/shared/report-form.ts) re-rendered: what was typed kept, a message next
 *    to each bad field, in the page's language (the form's hidden `lang`);
 *  - otherwise hands the request on to `casesRoutes`, which makes the case and answers 303 to the
 *    receipt; when the page was not in the county's language, the receipt URL gets `?lang=`;
 *  - turns "unknown village" (found only when the case is made) into the form with that message.
 * A post without a known `kind` has no form to go back to: the generic error page answers it.
 */
import { Hono, type Context } from 'hono';
import { CASE_KINDS, FieldError, SubmissionSchema, type CaseKind } from '../domain/case.ts';
import type { County } from '../domain/county.ts';
import { fmt, otherLocale } from '../../web/src/i18n/index.ts';
import { reportForm, type ReportFormModel } from '../../web/src/shared/report-form.ts';
import { ChallengeRequired, TooManyRequests } from '../domain/limits.ts';
import { villageCards, villagesByTownship } from '../../web/src/shared/roster.ts';
import { staticPath, t, type SiteContext } from '../../web/src/shared/site.ts';
import { isFormPost } from './cases.ts';
import type { ApiDeps } from './deps.ts';
import { readForm } from './problem.ts';
import { localizeIssues } from './form-errors.ts';
import { readPhotoFiles } from './photos.ts';
import { contextFor, formValues, sendPage } from './public-page.ts';

function isKind(value: unknown): value is CaseKind {
  return typeof value === 'string' && (CASE_KINDS as readonly string[]).includes(value);
}

export function reportFormRoutes(deps: ApiDeps): Hono {
  return new Hono().post('/', async (c, next) => {
    if (!isFormPost(c)) return next();
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
    if (Object.keys(errors).length > 0) return formPage(c, county, ctx, kind, values, errors);

    await next();

    if (c.error instanceof ChallengeRequired || c.error instanceof TooManyRequests) {
      // Past a limit: the form again, what was typed kept. A proof of work the page's script solves
      // and sends by itself; a refusal says when to try again and repeats the emergency number.
      const error = c.error;
      const text =
        error instanceof TooManyRequests
          ? fmt(t(ctx).errors.tooMany, { minutes: Math.ceil(error.retryAfterSeconds / 60), number: ctx.emergencyNumber })
          : fmt(t(ctx).errors.challenge, { number: ctx.emergencyNumber });
      const notice = error instanceof ChallengeRequired ? { text, challenge: error.challenge } : { text };
      const page = await formPage(c, county, ctx, kind, values, {}, notice, error instanceof TooManyRequests ? 429 : 428);
      if (error instanceof TooManyRequests) page.headers.set('Retry-After', String(error.retryAfterSeconds));
      c.res = undefined;
      c.res = page;
      return;
    }
    if (c.error instanceof FieldError && c.error.field === 'villageId') {
      // The response is set already (the app's error page): replace it, headers and all.
      const page = await formPage(c, county, ctx, kind, { ...values, villageId: '' }, { villageId: t(ctx).errors.villageUnknown });
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

/** The report form again, with the village fixed when the post named a known one. */
function formPage(
  c: Context,
  county: County,
  ctx: SiteContext,
  kind: CaseKind,
  values: Record<string, string>,
  errors: Record<string, string>,
  notice?: ReportFormModel['notice'],
  status: 400 | 428 | 429 = 400,
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
  });
}
