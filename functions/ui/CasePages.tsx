/**
 * What a resident sees of a case on the server pages (`/track`, `/rate`): the form that asks for the
 * case number and tracking code, the rating form, and the case itself — status and progress, a tip's
 * reward, the officer's replies, photos, the public timeline, and the forms to answer a question,
 * reopen, rate or stop SMS updates. Every form posts the code in its body, never in a URL.
 */
import type { Child } from 'hono/jsx';
import { CASE_STATUSES, LIMITS } from '../domain/case.ts';
import type { County } from '../domain/county.ts';
import { fieldMessages } from '../domain/field-errors.ts';
import { PHOTO_TYPES } from '../domain/photos.ts';
import type { PublicCase, RewardClaim } from '../domain/tracking.ts';
import { fmt, words } from '../messages/index.ts';
import { Photos, type PhotoView } from './Photos.tsx';
import { countyText, fmtHtml, t, voiceHint, type SiteContext } from './site.ts';
import { Timeline } from './Timeline.tsx';
import { formatWhen } from './when.ts';

/** Messages next to fields, by field name. */
type FieldErrors = Readonly<Record<string, string>>;

/** The page's language, sent back with a form. */
function LangField({ ctx }: { readonly ctx: SiteContext }) {
  return <input type="hidden" name="lang" value={ctx.locale} />;
}

/** The line under a field that says what is wrong with it; hidden and empty until then (the page script fills it too). */
function FieldError({ name, errors = {} }: { readonly name: string; readonly errors?: FieldErrors }) {
  return (
    <p class="error" id={`err-${name}`} hidden={!errors[name]}>
      {errors[name]}
    </p>
  );
}

/** The case number and tracking code as typed fields (kept when the lookup failed). */
function CaseFields({ ctx, example, caseNumber, trackingCode, errors = {} }: { readonly ctx: SiteContext; readonly example: string; readonly caseNumber: string; readonly trackingCode: string; readonly errors?: FieldErrors }) {
  const m = t(ctx).track;
  const e = fieldMessages(ctx.locale);
  return (
    <>
      <div class="field">
        <label for="case">{m.caseNumber}</label>
        <input type="text" id="case" name="caseNumber" value={caseNumber} required maxlength={20} autocapitalize="characters" autocomplete="off" spellcheck={false} aria-describedby="case-hint err-caseNumber" data-e-required={e.required} aria-invalid={errors.caseNumber ? 'true' : undefined} />
        <p class="note" id="case-hint">
          {fmt(m.caseHint, { example })}
        </p>
        <FieldError name="caseNumber" errors={errors} />
      </div>
      <div class="field">
        <label for="code">{m.trackingCode}</label>
        <input type="text" id="code" name="trackingCode" value={trackingCode} required maxlength={32} autocapitalize="characters" autocomplete="off" spellcheck={false} aria-describedby="code-hint err-trackingCode" data-e-required={e.trackingCode} aria-invalid={errors.trackingCode ? 'true' : undefined} />
        <p class="note" id="code-hint">
          {m.codeHint}
        </p>
        <FieldError name="trackingCode" errors={errors} />
      </div>
    </>
  );
}

/** A text area with its character counter (the page script keeps it up to date) and, for what is spoken more than typed, the voice hint. */
function CountedText(p: { readonly ctx: SiteContext; readonly id: string; readonly name: string; readonly label: string; readonly max: number; readonly value?: string; readonly voice?: boolean; readonly required?: boolean; readonly invalid?: boolean; readonly error?: string | undefined }) {
  const { ctx, id, name, max, value = '' } = p;
  const f = t(ctx).form;
  return (
    <div class="field">
      <label for={id}>{p.label}</label>
      {p.voice && voiceHint(ctx, `${id}-voice`)}
      <textarea id={id} name={name} rows={3} required={p.required ?? false} maxlength={max} aria-describedby={[p.voice && `${id}-voice`, `${id}-count`, `err-${name}`].filter(Boolean).join(' ')} aria-invalid={p.invalid ? 'true' : undefined}>
        {value}
      </textarea>
      <p class="note count" id={`${id}-count`} data-count={f.counter}>
        {fmt(f.counter, { n: value.length, max })}
      </p>
      <FieldError name={name} errors={p.error ? { [name]: p.error } : {}} />
    </div>
  );
}

/** A form of the track page: posts to `action`, enhanced by the page script (checks before sending). */
function EnhancedForm({ ctx, action, invalid = false, multipart = false, children }: { readonly ctx: SiteContext; readonly action: string; readonly invalid?: boolean; readonly multipart?: boolean; readonly children?: Child }) {
  const e = fieldMessages(ctx.locale);
  return (
    <form class="card" method="post" action={action} enctype={multipart ? 'multipart/form-data' : undefined} data-enhance="" data-e-required={e.required} data-e-invalid={invalid ? e.invalid : undefined}>
      {children}
    </form>
  );
}

/** A message above the forms: what the last post did (ok), or why it was refused. */
function Notice({ text, ok = false }: { readonly text: string; readonly ok?: boolean | undefined }) {
  return (
    <div class={ok ? 'card ok' : 'card error'} role={ok ? 'status' : 'alert'}>
      <p>{text}</p>
    </div>
  );
}

interface CaseFormProps {
  readonly ctx: SiteContext;
  /** `track`: look the case up; `rate`: rate it. */
  readonly page: 'track' | 'rate';
  /** A case number as this county writes them, for the hint. */
  readonly example: string;
  /** What was typed, kept when the post was refused. @default - none */
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: FieldErrors;
  /** Why the last try was refused (no case has that number and code). @default - none */
  readonly refused?: string | undefined;
}

/** The pages that ask for a case by number and tracking code: `/track` (to look it up) and `/rate` (to rate it). */
export function CaseFormPage({ ctx, page, example, values = {}, errors = {}, refused }: CaseFormProps) {
  const m = t(ctx)[page];
  return (
    <>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {refused && <Notice text={refused} />}
      {page === 'rate' ? (
        <RateForm ctx={ctx} example={example} values={values} errors={errors} />
      ) : (
        <EnhancedForm ctx={ctx} action="/track" invalid>
          <LangField ctx={ctx} />
          <CaseFields ctx={ctx} example={example} caseNumber={values.caseNumber ?? ''} trackingCode={values.trackingCode ?? ''} errors={errors} />
          <button class="button" type="submit" data-sending={`${t(ctx).track.look}…`}>
            {t(ctx).track.look}
          </button>
        </EnhancedForm>
      )}
    </>
  );
}

interface RateProps {
  readonly ctx: SiteContext;
  /** The case, on the track page: number and code travel hidden. @default - typed in (on /rate) */
  readonly known?: { readonly caseNumber: string; readonly trackingCode: string };
  /** A case number as this county writes them, for the hint (typed in). @default '' */
  readonly example?: string;
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: FieldErrors;
  /** Its own heading (on the track page). @default false */
  readonly heading?: boolean;
}

/** The rating form: on the track page (number and code hidden) and on /rate (typed in). */
export function RateForm({ ctx, known, example = '', values = {}, errors = {}, heading = false }: RateProps) {
  const m = t(ctx).rate;
  const e = fieldMessages(ctx.locale);
  return (
    <EnhancedForm ctx={ctx} action="/rate" invalid>
      {heading && <h2>{t(ctx).track.rateTitle}</h2>}
      <LangField ctx={ctx} />
      {known ? (
        <>
          <input type="hidden" name="caseNumber" value={known.caseNumber} />
          <input type="hidden" name="trackingCode" value={known.trackingCode} />
        </>
      ) : (
        <CaseFields ctx={ctx} example={example} caseNumber={values.caseNumber ?? ''} trackingCode={values.trackingCode ?? ''} errors={errors} />
      )}
      <fieldset aria-describedby="err-score">
        <legend>{m.score}</legend>
        {([5, 4, 3, 2, 1] as const).map((n) => (
          <label class="choice" for={`score-${n}`}>
            <input type="radio" id={`score-${n}`} name="score" value={String(n)} required data-e-required={e.score} checked={values.score === String(n)} />
            <span>{m.scores[n]}</span>
          </label>
        ))}
        <FieldError name="score" errors={errors} />
      </fieldset>
      <CountedText ctx={ctx} id="comment" name="comment" label={m.comment} max={LIMITS.comment} value={values.comment ?? ''} invalid={Boolean(errors.comment)} error={errors.comment} />
      <button class="button" type="submit" data-sending={t(ctx).form.sending}>
        {m.submit}
      </button>
    </EnhancedForm>
  );
}

/** Where and until when a verified tip's reward is claimed; or that it was collected, or that the time is over. */
function ClaimText({ ctx, claim, now, date }: { readonly ctx: SiteContext; readonly claim: RewardClaim; readonly now: Date; readonly date: (iso: string) => string }) {
  const m = t(ctx).track;
  if (claim.paidAt) return <>{fmt(m.rewardPaid, { date: date(claim.paidAt) })}</>;
  if (now.toISOString() > claim.by) return <>{fmt(m.rewardExpired, { date: date(claim.by) })}</>;
  return <>{fmtHtml(m.rewardClaim, { date: date(claim.by), station: countyText(ctx, claim.station) })}</>;
}

/** A tip's reward: pending, not verified, or verified with its tier and how to claim it. */
function Reward({ ctx, reward, now, date }: { readonly ctx: SiteContext; readonly reward: NonNullable<PublicCase['reward']>; readonly now: Date; readonly date: (iso: string) => string }) {
  const m = t(ctx).track;
  return (
    <section class="card" aria-labelledby="reward">
      <h2 id="reward">{m.reward}</h2>
      <p>
        {reward.state === 'pending' ? (
          m.rewardPending
        ) : reward.state === 'not_verified' ? (
          m.rewardNotVerified
        ) : (
          <>
            {m.rewardVerified}
            {reward.tier && (
              <>
                {' '}
                {fmtHtml(m.rewardTier, { label: countyText(ctx, reward.tier.label) })}
                {reward.tier.amountYuan !== undefined ? fmt(m.rewardAmount, { amount: reward.tier.amountYuan }) : ''}
              </>
            )}
          </>
        )}
      </p>
      {reward.state === 'verified' && reward.claim && (
        <p id="reward-claim">
          <ClaimText ctx={ctx} claim={reward.claim} now={now} date={date} />
        </p>
      )}
    </section>
  );
}

interface CaseViewProps {
  readonly ctx: SiteContext;
  readonly county: Pick<County, 'timezone' | 'reopenDays'>;
  readonly view: PublicCase;
  readonly trackingCode: string;
  /** What the last post did (ok), or why it was refused. @default - none */
  readonly message?: { readonly text: string; readonly ok?: boolean } | undefined;
  /** @default - none */
  readonly photos?: readonly PhotoView[];
  readonly now: Date;
  /** An answer sent back (its photos refused): the text kept, the message next to the photos. @default - none */
  readonly answer?: { readonly text?: string; readonly error?: string };
  /** A page of older timeline entries (`before`): it offers the way back to the newest. @default false */
  readonly olderPage?: boolean;
}

/** A case, as its resident sees it. */
export function CaseView({ ctx, county, view, trackingCode, message, photos = [], now, answer = {}, olderPage = false }: CaseViewProps) {
  const m = t(ctx).track;
  const w = words(ctx.locale);
  const f = t(ctx).form;
  const when = (iso: string, withTime = true) => formatWhen(ctx.locale, county.timezone, iso, withTime);
  const hidden = (
    <>
      <input type="hidden" name="caseNumber" value={view.caseNumber} />
      <input type="hidden" name="trackingCode" value={trackingCode} />
      <LangField ctx={ctx} />
    </>
  );
  const asked = ((view.questions ?? 0) > 0 || view.timeline.some((e) => e.type === 'question')) && view.status !== 'resolved';
  const replies = view.timeline.filter((e) => e.type === 'reply');
  const at = CASE_STATUSES.indexOf(view.status);
  return (
    <>
      <h1>
        {m.caseNumber} <span class="nowrap">{view.caseNumber}</span>
      </h1>
      {message && <Notice text={message.text} ok={message.ok} />}
      <section class="card" aria-labelledby="status">
        <h2 id="status">{w.status[view.status]}</h2>
        <ol class="steps" aria-label={m.stepsLabel}>
          {CASE_STATUSES.map((s, i) => (
            <li class={i <= at ? 'done' : undefined} aria-current={i === at ? 'step' : undefined}>
              {w.status[s]}
            </li>
          ))}
        </ol>
        <p class="note">
          {t(ctx).kinds[view.kind].label} · <time datetime={view.createdAt}>{when(view.createdAt)}</time>
        </p>
      </section>
      {view.reward && <Reward ctx={ctx} reward={view.reward} now={now} date={(iso) => when(iso, false)} />}
      {view.status === 'resolved' && (
        <EnhancedForm ctx={ctx} action="/track">
          {hidden}
          <input type="hidden" name="op" value="reopen" />
          <h2>{m.reopenTitle}</h2>
          <CountedText ctx={ctx} id="reopen" name="text" label={fmt(m.reopenHint, { days: county.reopenDays })} max={LIMITS.description} voice required />
          <button class="button secondary" type="submit" data-sending={f.sending}>
            {m.reopenButton}
          </button>
        </EnhancedForm>
      )}
      {view.status === 'resolved' &&
        (view.rating !== undefined ? (
          <div class="card ok">
            <p>{fmt(m.rated, { score: view.rating })}</p>
          </div>
        ) : (
          <RateForm ctx={ctx} known={{ caseNumber: view.caseNumber, trackingCode }} heading />
        ))}
      {photos.length > 0 && (
        <section class="card" aria-labelledby="photos">
          <h2 id="photos">{m.photos}</h2>
          <Photos photos={photos} alt={(n) => fmt(m.photoAlt, { n })} />
        </section>
      )}
      {replies.length > 0 && (
        <section class="card" aria-labelledby="replies">
          <h2 id="replies">{m.replies}</h2>
          <Timeline ordered={false} items={replies.map((e) => ({ at: e.at, when: when(e.at), text: e.text, reply: true }))} />
        </section>
      )}
      {asked && (
        <EnhancedForm ctx={ctx} action="/track" multipart>
          {hidden}
          <input type="hidden" name="op" value="answer" />
          <CountedText ctx={ctx} id="answer" name="text" label={view.kind === 'tip' ? m.answer : m.answerNamed} max={LIMITS.description} value={answer.text ?? ''} voice required invalid={Boolean(answer.error)} />
          <div class="field">
            <label for="answer-photo">{f.photo}</label>
            <input type="file" id="answer-photo" name="photo" accept={PHOTO_TYPES.join(',')} multiple aria-describedby="answer-photo-hint err-photo" aria-invalid={answer.error ? 'true' : undefined} />
            <p class="note" id="answer-photo-hint">
              {f.photoHint}
            </p>
            <FieldError name="photo" errors={answer.error ? { photo: answer.error } : {}} />
          </div>
          <button class="button" type="submit" data-sending={f.sending}>
            {m.answerButton}
          </button>
        </EnhancedForm>
      )}
      <section class="card" aria-labelledby="timeline">
        <h2 id="timeline">{m.timeline}</h2>
        <Timeline items={view.timeline.map((e) => ({ at: e.at, when: when(e.at), text: e.text, reply: e.type === 'reply' }))} />
        {(view.timelineBefore || olderPage) && (
          <div class="inline">
            {view.timelineBefore && (
              <form method="post" action="/track">
                {hidden}
                <input type="hidden" name="before" value={view.timelineBefore} />
                <button class="button secondary" type="submit">
                  {m.earlier}
                </button>
              </form>
            )}
            {olderPage && (
              <form method="post" action="/track#timeline">
                {hidden}
                <button class="button secondary" type="submit">
                  {m.newest}
                </button>
              </form>
            )}
          </div>
        )}
      </section>
      {view.updates && (
        <form method="post" action="/track">
          {hidden}
          <input type="hidden" name="op" value="stop" />
          <button class="button secondary" type="submit">
            {m.stop}
          </button>
        </form>
      )}
    </>
  );
}
