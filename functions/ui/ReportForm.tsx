/**
 * The report form of one kind (tip, dispute, hazard, service, help): the ONE renderer of it, used by
 * the static pages (`/report/{kind}/`, `/v/{village}/{kind}/`, built by Astro) and by the server when
 * a post comes back with bad fields (`POST /api/v1/cases` re-renders the form with what was typed
 * and a message next to each bad field, in the page's language).
 *
 * A plain HTML form: it posts `multipart/form-data` (the fields and up to three `photo` files) to
 * `/api/v1/cases`, which answers 303 to the receipt. The hidden `lang` brings the answer back in the page's language.
 * With JavaScript (`data-queue`, functions/ui/enhance.ts) the fields go without the files, each
 * photo straight to the photos bucket by a presigned POST, and a form that cannot be sent waits on
 * the phone (`#queued` says so) until the network returns.
 */
import { DESCRIPTION_MIN, LIMITS, type CaseKind } from '../domain/case.ts';
import { fieldMessages } from '../domain/field-errors.ts';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES } from '../domain/photos.ts';
import type { County } from '../domain/county.ts';
import type { Challenge } from '../domain/limits.ts';
import { fmt } from '../messages/index.ts';
import type { TownshipGroup } from './roster.ts';
import { countyLang, countyText, fmtHtml, type SiteContext, staticPath, t, voiceHint } from './site.ts';

export interface ReportFormModel {
  readonly ctx: SiteContext;
  readonly kind: CaseKind;
  readonly county: Pick<County, 'rewards'>;
  /** The village, when the form is reached from its contact card; otherwise the resident picks one. */
  readonly village?: { readonly id: string; readonly name: string; readonly officer: string };
  readonly townships: readonly TownshipGroup[];
  /** What was typed (a re-render after bad fields). */
  readonly values?: Readonly<Record<string, string>>;
  /** Field name → message in the page's language. */
  readonly errors?: Readonly<Record<string, string>>;
  /** A message above the form (limits: wait, or a proof of work the script solves and sends). */
  readonly notice?: { readonly text: string; readonly challenge?: Challenge };
}

/** `<p class="error" id="err-{name}">`: always there (the script fills it), hidden when empty. */
function FieldError({ name, errors }: { readonly name: string; readonly errors: Readonly<Record<string, string>> }) {
  const text = errors[name];
  return <p class="error" id={`err-${name}`} hidden={!text}>{text}</p>;
}

export function ReportForm(m: ReportFormModel) {
  const { ctx, kind } = m;
  const tx = t(ctx);
  const fx = fieldMessages(ctx.locale);
  const f = tx.form;
  const k = tx.kinds[kind];
  const v = m.values ?? {};
  const errors = m.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const anonymous = kind === 'tip' ? v.anonymous !== 'false' : false;
  const invalid = (name: string) => (errors[name] ? 'true' : undefined);
  const description = v.description ?? '';

  const villageField = m.village ? (
    <>
      <input type="hidden" name="villageId" value={m.village.id} />
      <p class="to">{fmtHtml(f.villageFixed, { village: countyText(ctx, m.village.name), officer: countyText(ctx, m.village.officer) })}</p>
      <p class="note"><a href={staticPath(ctx, `/report/${kind}/`)}>{f.villageChange}</a></p>
    </>
  ) : (
    <div class="field">
      <label for="village">{f.village}</label>
      <select id="village" name="villageId" required aria-describedby="err-villageId" data-e-required={fx.villageId} aria-invalid={invalid('villageId')}>
        <option value="">{f.villageChoose}</option>
        {m.townships.map((g) => (
          <optgroup label={g.township} lang={countyLang(ctx)}>
            {g.villages.map((x) => <option value={x.id} selected={x.id === v.villageId}>{x.name}</option>)}
          </optgroup>
        ))}
      </select>
      <FieldError name="villageId" errors={errors} />
    </div>
  );

  const privacy = kind === 'tip' && (
    <>
      <fieldset aria-describedby="privacy">
        <legend>{f.anonymousLegend}</legend>
        <label class="choice" for="anonymous-yes"><input type="radio" id="anonymous-yes" name="anonymous" value="true" checked={anonymous} /><span>{f.anonymousYes}<small>{f.anonymousYesHint}</small></span></label>
        <label class="choice" for="anonymous-no"><input type="radio" id="anonymous-no" name="anonymous" value="false" checked={!anonymous} /><span>{f.anonymousNo}<small>{f.anonymousNoHint}</small></span></label>
      </fieldset>
      <div class="note privacy" id="privacy"><p><strong>{f.privacyTitle}</strong></p><ul><li>{f.privacyKept}</li><li>{f.privacyNotKept}</li><li>{f.privacyOfficer}</li><li>{f.privacyTrack}</li></ul></div>
      {m.county.rewards.tiers.length > 0 && (
        <div class="note">
          <p><strong>{f.rewardTitle}</strong></p>
          <p>{f.rewardIntro}</p>
          <ul>
            {m.county.rewards.tiers.map((tier) => (
              <li>{tier.amountYuan === undefined ? countyText(ctx, tier.label) : fmtHtml(f.rewardTier, { label: countyText(ctx, tier.label), amount: tier.amountYuan })}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );

  const contact = (
    <fieldset class="contact">
      <legend>{f.contactTitle}</legend>
      {kind === 'tip' && <p class="note">{f.contactTipNote}</p>}
      <div class="field"><label for="name">{f.name}</label><input type="text" id="name" name="name" maxlength={LIMITS.name} autocomplete="name" value={v.name ?? ''} aria-describedby="err-name" aria-invalid={invalid('name')} /><FieldError name="name" errors={errors} /></div>
      <div class="field">
        <label for="phone">{f.phone}</label>
        <input type="tel" id="phone" name="phone" maxlength={20} autocomplete="tel" inputmode="tel" pattern="[+0-9 \-]{7,20}" value={v.phone ?? ''} aria-describedby="phone-hint err-phone" data-e-invalid={fx.phone} aria-invalid={invalid('phone')} />
        <p class="note" id="phone-hint">{f.phoneHint}</p>
        <FieldError name="phone" errors={errors} />
      </div>
      <label class="choice" for="updates"><input type="checkbox" id="updates" name="updates" value="true" checked={v.updates === 'true'} /><span>{f.updates}<small>{f.updatesHint}</small></span></label>
    </fieldset>
  );

  return (
    <>
      <h1>{k.title}</h1>
      <p>{fmt(k.intro, { number: ctx.emergencyNumber })}</p>
      {errorCount > 0 && <div class="card error" role="alert"><p>{fmt(f.errorSummary, { n: errorCount })}</p></div>}
      {m.notice && <div class="card error" role="alert"><p>{m.notice.text}</p></div>}
      <form class="card" id="report" method="post" action="/api/v1/cases" enctype="multipart/form-data" data-enhance="" data-queue={f.queued} data-queue-photos={f.queuedPhotos} data-e-required={fx.required} data-e-short={fx.descriptionShort} data-e-invalid={fx.invalid}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="lang" value={ctx.locale} />
        {villageField}
        {kind === 'help' && (
          <label class="choice urgent" for="urgent"><input type="checkbox" id="urgent" name="urgent" value="true" checked={v.urgent === 'true'} /><span>{f.urgent}<small>{fmt(f.urgentHint, { number: ctx.emergencyNumber })}</small></span></label>
        )}
        <div class="field">
          <label for="description">{f.description}</label>
          <p class="note" id="description-hint">{k.descriptionHint} {fmt(f.lengthHint, { min: DESCRIPTION_MIN, max: LIMITS.description })}</p>
          {voiceHint(ctx, 'description-voice')}
          <textarea id="description" name="description" rows={5} required minlength={DESCRIPTION_MIN} maxlength={LIMITS.description} aria-describedby="description-hint description-voice description-count err-description" data-e-required={fx.descriptionRequired} aria-invalid={invalid('description')}>{description}</textarea>
          <p class="note count" id="description-count" data-count={f.counter}>{fmt(f.counter, { n: description.length, max: LIMITS.description })}</p>
          <FieldError name="description" errors={errors} />
        </div>
        <div class="field">
          <label for="category">{f.category}</label>
          <select id="category" name="category" aria-describedby="err-category" aria-invalid={invalid('category')}>
            <option value="">{f.categoryNone}</option>
            {k.categories.map((c) => <option selected={c === v.category}>{c}</option>)}
          </select>
          <FieldError name="category" errors={errors} />
        </div>
        <div class="field">
          <label for="location">{f.location}</label>
          <input type="text" id="location" name="location" maxlength={LIMITS.location} value={v.location ?? ''} aria-describedby="location-hint err-location" aria-invalid={invalid('location')} />
          <p class="note" id="location-hint">{f.locationHint}</p>
          <FieldError name="location" errors={errors} />
        </div>
        <div class="field" data-geo="" hidden>
          <input type="hidden" name="latitude" value={v.latitude ?? ''} />
          <input type="hidden" name="longitude" value={v.longitude ?? ''} />
          <button class="button secondary" type="button" data-locating={f.locating} data-located={f.located} data-failed={f.geoFailed}>{f.useMyPosition}</button>
          <p class="note" role="status"></p>
        </div>
        <div class="field">
          <label for="photo">{f.photo}</label>
          <input type="file" id="photo" name="photo" accept={PHOTO_TYPES.join(',')} multiple data-max={MAX_PHOTO_BYTES} data-count-max={MAX_PHOTOS} aria-describedby="photo-hint err-photo" aria-invalid={invalid('photo')} />
          <p class="note" id="photo-hint">{f.photoHint}</p>
          <FieldError name="photo" errors={errors} />
        </div>
        {privacy}
        {contact}
        <input type="hidden" name="idempotencyKey" value="" />
        {m.notice?.challenge && <input type="hidden" name="altcha" value="" data-altcha={JSON.stringify(m.notice.challenge)} />}
        <p class="note alert" id="queued" role="status" hidden></p>
        <button class="button" type="submit" data-sending={f.sending}>{f.submit}</button>
      </form>
    </>
  );
}

/** The report form as markup, for a caller that cannot write JSX (the submit spine's re-render). */
export function reportForm(m: ReportFormModel) {
  return <ReportForm {...m} />;
}

export interface KindButtonsProps {
  readonly ctx: SiteContext;
  /** Where the forms are: `/report/` (the village chosen on the form) or `/v/{village}/`. */
  readonly base: string;
  readonly kinds: readonly CaseKind[];
}

/** The buttons for each kind, as on the home page and the village page. */
export function KindButtons({ ctx, base, kinds }: KindButtonsProps) {
  const tx = t(ctx);
  return (
    <ul class="kinds">
      {kinds.map((kind) => (
        <li><a class={`kind kind-${kind}`} href={staticPath(ctx, `${base}${kind}/`)}><strong>{tx.kinds[kind].label}</strong><small>{tx.kinds[kind].hint}</small></a></li>
      ))}
    </ul>
  );
}
