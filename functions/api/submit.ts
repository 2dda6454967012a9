/**
 * `POST /api/v1/cases`: the one submit spine. A case arrives as JSON or as a form (with photos);
 *
 *   read  → the body once (JSON, or the form's fields and photos) and the reader's language
 *   check → once: SubmissionSchema with the error map in that language, the photos, the key
 *   make  → guardIntake (limits, proof of work) → submitCase → the photos stored
 *   answer → one place (`answer`) decides what the outcome looks like:
 *
 * | asked for | case made | bad fields | 428 / 429 | a failure of ours |
 * |---|---|---|---|---|
 * | JSON (an API client, or the report form's script: `Accept: application/json`) | 201 with the receipt | problem+json | problem+json | problem+json (onError) |
 * | a form (no JavaScript) | 303 to the receipt page | the form again, a message next to each field | the form again with a notice | the form again with a notice (500) |
 * | a form without a known kind | — | the generic error page | — | — |
 *
 * The form again keeps everything typed and, when photos were chosen, says to choose them again (a
 * page cannot give files back). Messages are written in the reader's language when the schema is
 * parsed (functions/domain/field-errors.ts): the form's `lang`, else `?lang`, else Accept-Language
 * for JSON (English when it names neither language), the page's language for a form.
 */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { CASE_KINDS, IdempotencyKeySchema, SubmissionSchema, type CaseKind } from '../domain/case.ts';
import { FieldError } from '../domain/errors.ts';
import type { County, Locale } from '../domain/county.ts';
import { fieldErrors, fieldMessages, messagesByField } from '../domain/field-errors.ts';
import { ChallengeRequired, TooManyRequests } from '../domain/limits.ts';
import { submitCase, type Receipt } from '../domain/service.ts';
import { DUPLICATE_WINDOW_MS, guardIntake, implicitKey } from '../edge/intake.ts';
import { fmt, isLocale } from '../messages/index.ts';
import type { ReportFormModel } from '../ui/ReportForm.tsx';
import { t, type SiteContext } from '../ui/site.ts';
import type { ApiDeps } from './deps.ts';
import { readPhotoFiles, storeOriginals, type PhotoFile } from './photos.ts';
import { problem, problemFor, problemHeaders, problems, type FieldProblem } from './problem.ts';
import { isFormPost, mediaType } from './media.ts';
import { contextFor, formValues } from './public-page.ts';

/** The cookie that carries a form post's receipt (case number and tracking code) to the receipt page, never in a URL. */
export const RECEIPT_COOKIE = 'cj_receipt';

export function receiptCookieValue(receipt: { caseNumber: string; trackingCode: string }): string {
  return `${receipt.caseNumber}.${receipt.trackingCode}`;
}

/** The pages a refused form post gets (form-again.tsx), loaded with the first: a chunk of their own. */
const formAgain = () => import('./form-again.tsx');

/** The generic errors page (a form post with no report form to go back to), as HTML. */
export async function errorsPage(locale: Locale, errors: readonly FieldProblem[]): Promise<string> {
  return (await formAgain()).errorsPageHtml(locale, errors);
}

/**
 * A form post from the report form's script (`Accept: application/json`): it is answered like the
 * JSON API (201 with the receipt, problem+json for bad input, 428 with the challenge) so the script
 * can upload the photos and then open the receipt page, which the cookie still fills in.
 */
export function wantsJson(c: Context): boolean {
  return /application\/(problem\+)?json/i.test(c.req.header('Accept') ?? '');
}

function isJson(c: Context): boolean {
  return /^application\/([\w.-]+\+)?json$/.test(mediaType(c));
}

/** The first language of Accept-Language we write in (`zh`, `zh-CN`, `zh-Hans` → zh-CN; `en-GB` → en). */
export function acceptedLocale(header: string | undefined): Locale | undefined {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return undefined;
}

/** The language an API request asks for: a `lang` it sent, else Accept-Language, else English. */
export function requestedLocale(c: Context, lang: unknown): Locale {
  return isLocale(lang) ? lang : (acceptedLocale(c.req.header('Accept-Language')) ?? 'en');
}

/** How the outcome is shown: the API's JSON, the report form again, or the generic page (no known kind). */
type Answer = 'json' | 'form' | 'errors page';

/** One post as read: its fields, photos, language and how it wants its answer. */
interface Post {
  readonly answer: Answer;
  /** Sent as an HTML form (by the page, or by its script): a receipt cookie, the form's own checks. */
  readonly form: boolean;
  readonly body: Record<string, unknown>;
  readonly values: Record<string, string>;
  readonly photos: readonly PhotoFile[];
  readonly photosRefused: boolean;
  readonly locale: Locale;
  /** The page's context (a form): its language, the county's, the emergency number. */
  readonly ctx: SiteContext;
  readonly kind?: CaseKind;
}

type Outcome = { readonly receipt: Receipt } | { readonly invalid: readonly FieldProblem[] } | { readonly error: Error };

function isKind(value: unknown): value is CaseKind {
  return typeof value === 'string' && (CASE_KINDS as readonly string[]).includes(value);
}

/** The handler of `POST /api/v1/cases`. */
export function submitHandler(deps: ApiDeps) {
  return async (c: Context): Promise<Response> => {
    const { county } = await deps.county.get();
    const post = await read(c, deps, county);
    if (post instanceof Response) return post;
    return answer(c, deps, county, post, await make(c, deps, post));
  };
}

/** The body once: JSON or a form's fields and photos; an unreadable body is bad input like any other. */
async function read(c: Context, deps: ApiDeps, county: County): Promise<Post | Response> {
  const form = isFormPost(c);
  const json = !form || wantsJson(c);
  let body: Record<string, unknown> = {};
  let unreadable: FieldProblem | undefined;
  let photos: PhotoFile[] = [];
  let photosRefused = false;
  if (form) {
    try {
      body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    } catch {
      unreadable = { field: '(body)', message: 'is not a readable form (multipart/form-data needs its boundary; or send application/x-www-form-urlencoded)' };
    }
    const read = await readPhotoFiles(body);
    photos = read.photos;
    photosRefused = read.errors.length > 0 || (photos.length > 0 && !deps.photos);
  } else if (isJson(c)) {
    try {
      body = await c.req.json();
    } catch {
      unreadable = { field: '(body)', message: 'is not valid JSON' };
    }
    if (!unreadable && (typeof body !== 'object' || body === null || Array.isArray(body))) unreadable = { field: '(body)', message: 'must be a JSON object' };
  } else {
    return problem(c, problems.unsupportedMediaType());
  }
  if (unreadable) return json ? problem(c, problems.validation([unreadable])) : c.html(await errorsPage(county.locale, [unreadable]), 400);
  const values = formValues(body);
  const ctx = contextFor(c, county, values.lang);
  const locale = form ? ctx.locale : requestedLocale(c, values.lang);
  const kind = isKind(values.kind) ? values.kind : undefined;
  return { answer: json ? 'json' : kind ? 'form' : 'errors page', form, body, values, photos, photosRefused, locale, ctx: { ...ctx, locale }, ...(kind && { kind }) };
}

/** Checked once, then made: the case, and its photos once it exists (a refused post stores nothing). */
async function make(c: Context, deps: ApiDeps, post: Post): Promise<Outcome> {
  const m = fieldMessages(post.locale);
  const parsed = SubmissionSchema.safeParse(post.body, { error: fieldErrors(post.locale) });
  const invalid: FieldProblem[] = parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
  // SMS updates need a phone to go to: the form says so rather than drop the wish silently.
  // (An anonymous case keeps no phone and gets no SMS: nothing to say there.)
  const { updates, phone, anonymous, kind } = post.values;
  const named = anonymous === 'false' || (anonymous !== 'true' && kind !== 'tip');
  if (post.form && updates === 'true' && (phone ?? '').trim() === '' && named && !invalid.some((p) => p.field === 'phone')) invalid.push({ field: 'phone', message: m.updatesNeedPhone });
  if (post.photosRefused) invalid.push({ field: 'photo', message: m.photo });
  const rawKey = c.req.header('Idempotency-Key') ?? (post.values.idempotencyKey || undefined);
  const key = rawKey === undefined ? undefined : IdempotencyKeySchema.safeParse(rawKey);
  if (key && !key.success) invalid.push({ field: 'Idempotency-Key', message: m.idempotencyKey });
  if (!parsed.success || invalid.length > 0) return { invalid };

  try {
    // A solved proof of work, when the guard asked for one (edge/challenge.ts).
    await guardIntake(deps, c, parsed.data, post.values.altcha || undefined);
    // A form post without a key (no JavaScript): the same post again within 10 minutes is the same case.
    const receipt =
      key === undefined && post.form
        ? await submitCase(deps, parsed.data, implicitKey(deps, c, parsed.data), { idempotencyMs: DUPLICATE_WINDOW_MS })
        : await submitCase(deps, parsed.data, key?.data);
    if (deps.photos && post.photos.length > 0) await storeOriginals(deps.photos, receipt.caseNumber, post.photos);
    return { receipt };
  } catch (error) {
    // The village is known only when the case is made: a bad field like the others.
    if (error instanceof FieldError && error.field === 'villageId') return { invalid: [{ field: 'villageId', message: fmt(m.villageUnknown, { village: String(post.values.villageId ?? '') }) }] };
    return { error: error as Error };
  }
}

/** The one place that decides what an outcome looks like, for the way the post asked. */
async function answer(c: Context, deps: ApiDeps, county: County, post: Post, outcome: Outcome): Promise<Response> {
  const ctx = post.ctx;
  const lang = post.locale !== county.locale ? `?lang=${encodeURIComponent(post.locale)}` : '';
  if ('receipt' in outcome) {
    const { receipt } = outcome;
    if (post.form) {
      const url = new URL(c.req.url);
      setCookie(c, RECEIPT_COOKIE, receiptCookieValue(receipt), {
        path: '/receipt/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname),
        maxAge: 15 * 60,
      });
    }
    if (post.answer !== 'json') return c.redirect(`/receipt/${receipt.caseNumber}${lang}`, 303);
    // The report form's script sends the photos next, then opens the receipt page (in the form's language).
    const page = post.form ? { receiptUrl: `/receipt/${receipt.caseNumber}${lang}` } : {};
    return c.json({ ...receipt, ...page }, 201, { Location: `/api/v1/cases/${receipt.caseNumber}`, 'Cache-Control': 'no-store' });
  }

  if (post.answer === 'json') {
    if ('invalid' in outcome) return problem(c, problems.validation(outcome.invalid));
    const known = problemFor(outcome.error);
    if (known) return problem(c, known, problemHeaders(outcome.error));
    throw outcome.error; // the app's onError: logged, 500 problem+json
  }
  if (post.answer === 'errors page' || !post.kind) {
    if ('invalid' in outcome) return c.html(await errorsPage(post.locale, outcome.invalid), 400);
    throw 'error' in outcome ? outcome.error : new Error('a form without a known kind was accepted');
  }

  // The report form again, with everything typed.
  const { reportFormAgain: formPage } = await formAgain();
  const chosePhotos = post.photos.length > 0 && !post.photosRefused;
  const photosAgain = chosePhotos ? t(ctx).errors.photosAgain : '';
  const notice = (text: string, more: Partial<NonNullable<ReportFormModel['notice']>> = {}) => ({ text: [text, photosAgain].filter(Boolean).join(' '), ...more });
  if ('invalid' in outcome) {
    const errors = messagesByField(outcome.invalid.map((p) => ({ path: [p.field], message: p.message })));
    const values = errors.villageId ? { ...post.values, villageId: '' } : post.values;
    return formPage(deps, county, ctx, post.kind, values, errors, photosAgain ? { text: photosAgain } : undefined, 400);
  }
  const error = outcome.error;
  if (error instanceof ChallengeRequired) {
    // Past the soft limit: a proof of work the page's script solves and sends by itself.
    return formPage(deps, county, ctx, post.kind, post.values, {}, notice(fmt(t(ctx).errors.challenge, { number: ctx.emergencyNumber }), { challenge: error.challenge }), 428);
  }
  if (error instanceof TooManyRequests) {
    // Past the hard limit: when to try again, and the emergency number.
    const text = fmt(t(ctx).errors.tooMany, { minutes: Math.ceil(error.retryAfterSeconds / 60), number: ctx.emergencyNumber });
    const page = await formPage(deps, county, ctx, post.kind, post.values, {}, notice(text), 429);
    page.headers.set('Retry-After', String(error.retryAfterSeconds));
    return page;
  }
  const known = problemFor(error);
  if (known) return problem(c, known, problemHeaders(error));
  // Something failed on our side (the store, the bucket): the form again, everything typed kept.
  deps.logger.error('unhandled error', { error, path: c.req.path, method: c.req.method });
  return formPage(deps, county, ctx, post.kind, post.values, {}, notice(fmt(t(ctx).errors.serverError, { number: ctx.emergencyNumber })), 500);
}
