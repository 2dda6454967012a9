/**
 * The officer's case page (`/o/{token}` from an SMS's one-tap link, `/o/c/{caseNumber}` from the
 * inbox): the case as the staff see it, one plain form per action (each posts and comes back, so it
 * works on any phone browser) and the staff timeline. What the page offers is what the action allows
 * (functions/domain/permissions.ts); the action checks again.
 */
import type { Child } from 'hono/jsx';
import type { Actor, CaseRecord, EscalationLevel, TimelineEntry } from '../domain/case.ts';
import type { County } from '../domain/county.ts';
import { can, type CaseAction } from '../domain/permissions.ts';
import { timelineText } from '../domain/timeline-text.ts';
import { words, type OfficerMessages } from '../messages/index.ts';
import { officerText } from '../messages/officer.ts';
import { BarePage } from './BarePage.tsx';
import { Photos, type PhotoView } from './Photos.tsx';
import { Timeline } from './Timeline.tsx';

/** Where the case page's forms post, and what else the page needs from the way it was opened. */
export interface CaseForm {
  /** The page's own address: forms post here and come back here (`?done`). */
  readonly action: string;
  /** A device session's CSRF token, sent back with every form. @default - none (a link is its own secret) */
  readonly csrf?: string | undefined;
  /** A way back, e.g. to the inbox. @default - none */
  readonly back?: { readonly href: string; readonly label: string } | undefined;
  /** The page is part of the installable officer app (web app manifest). @default false */
  readonly app?: boolean;
}

export interface VillageChoice {
  readonly id: string;
  readonly name: string;
  readonly township: string;
}

interface Props {
  readonly county: County;
  readonly villages: readonly VillageChoice[];
  readonly record: CaseRecord;
  /** The newest entries of the case's timeline, oldest first. */
  readonly timeline: readonly TimelineEntry[];
  /** Who acts: the link's holder, or the person signed in on this phone. */
  readonly actor: Actor;
  readonly form: CaseForm;
  /** Levels the holder may report the case up to (none for the bureau or an assistant). */
  readonly levels: readonly EscalationLevel[];
  /** Villages the holder may hand the case down to (office, station and bureau only), with their officer. */
  readonly assignTo: readonly (VillageChoice & { readonly officer: string })[];
  /** What the last action did. @default - none */
  readonly message?: string | undefined;
  /** Why the last action was refused, by field. @default - none */
  readonly errors?: readonly { readonly field: string; readonly message: string }[] | undefined;
  /** @default - none */
  readonly photos?: readonly PhotoView[] | undefined;
}

/** A date and time as the staff read it, in the county's time zone. */
function when(county: County, iso: string): string {
  return new Intl.DateTimeFormat(county.locale, { timeZone: county.timezone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

/** One action's form: it names the action, carries the session's CSRF token and ends with its button. */
function ActionForm({ form, name, button, children }: { readonly form: CaseForm; readonly name: string; readonly button: string; readonly children?: Child }) {
  return (
    <form class="card" method="post" action={form.action}>
      <input type="hidden" name="action" value={name} />
      {form.csrf && <input type="hidden" name="csrf" value={form.csrf} />}
      {children}
      <button class="button" type="submit">
        {button}
      </button>
    </form>
  );
}

/** A less frequent action, folded away so the phone screen starts with what matters. */
function Folded({ summary, children }: { readonly summary: string; readonly children?: Child }) {
  return (
    <details class="card">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** A less frequent action's form, folded away under its name. */
function FoldedAction({ summary, ...action }: { readonly summary: string; readonly form: CaseForm; readonly name: string; readonly button: string; readonly children?: Child }) {
  return (
    <Folded summary={summary}>
      <ActionForm {...action} />
    </Folded>
  );
}

/** A labelled field of an action's form. */
function Field({ id, label, children }: { readonly id: string; readonly label: string; readonly children?: Child }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/** A choice of an action's form, with an empty first choice when `blank` is given. */
function Select(p: { readonly id: string; readonly name: string; readonly options: readonly { readonly value: string; readonly label: string; readonly selected?: boolean }[]; readonly blank?: string; readonly required?: boolean }) {
  return (
    <select id={p.id} name={p.name} required={p.required ?? false}>
      {p.blank !== undefined && <option value="">{p.blank}</option>}
      {p.options.map((o) => (
        <option value={o.value} selected={o.selected ?? false}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Why the holder hands the case on (internal): an optional line. */
function ReasonField({ id, label }: { readonly id: string; readonly label: string }) {
  return (
    <Field id={id} label={label}>
      <input id={id} name="reason" maxlength={300} />
    </Field>
  );
}

/** An action that sends a text (a reply, a note, a question). */
function TextAction({ form, name, label, button }: { readonly form: CaseForm; readonly name: string; readonly label: string; readonly button: string }) {
  return (
    <ActionForm form={form} name={name} button={button}>
      <Field id={`${name}-text`} label={label}>
        <textarea id={`${name}-text`} name="text" rows={3} required maxlength={500}></textarea>
      </Field>
    </ActionForm>
  );
}

/** The resident's position, when sent: coordinates and a link to see them on a map. */
function Place({ county, record, t }: { readonly county: County; readonly record: CaseRecord; readonly t: OfficerMessages['page'] }) {
  if (!record.position) return null;
  const { lat, lng } = record.position;
  const map = county.locale === 'zh-CN' ? `https://uri.amap.com/marker?position=${lng},${lat}&coordinate=wgs84` : `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
  return (
    <p>
      {t.position}：<span class="nowrap">{lat.toFixed(5)}, {lng.toFixed(5)}</span> · <a href={map} rel="noreferrer">{t.map}</a>
    </p>
  );
}

/** What the case is: status and level, where, when, what, the photos and who reported it. */
export function CaseSummary({ county, record, village, photos = [] }: { readonly county: County; readonly record: CaseRecord; readonly village: VillageChoice | undefined; readonly photos?: readonly PhotoView[] }) {
  const t = officerText(county.locale).page;
  const w = words(county.locale);
  return (
    <div class="card">
      <p>
        <strong>{w.status[record.status]}</strong> · {t.levelNow}：{w.level[record.level]}
      </p>
      <p>
        {t.village}：{village?.name ?? record.villageId}（{village?.township ?? ''}）
      </p>
      <p>
        {t.reported}：{when(county, record.createdAt)}
      </p>
      <p>
        {t.description}：{record.description}
      </p>
      {record.location && (
        <p>
          {t.location}：{record.location}
        </p>
      )}
      {photos.length > 0 && <Photos photos={photos} alt={(n) => `${t.photo} ${n}`} />}
      <Place county={county} record={record} t={t} />
      {record.filedBy && (
        <p>
          {t.filedBy}：{t.informant} {record.filedBy.name}
        </p>
      )}
      <p>
        {t.reporter}：
        {record.anonymous ? (
          t.anonymous
        ) : (
          <>
            {record.name ?? ''} {record.phone && <a href={`tel:${record.phone}`}>{record.phone}</a>}
          </>
        )}
      </p>
    </div>
  );
}

/** The case page: the case, the actions the holder may take, the timeline. */
export function OfficerCasePage(vm: Props) {
  const { county, record, actor, form } = vm;
  const t = officerText(county.locale).page;
  const w = words(county.locale);
  const may = (what: CaseAction) => can({ role: actor.role, opened: true }, what, record, county);
  const open = record.status !== 'resolved';
  const ask = record.kind === 'tip' ? t.ask : t.askResident;
  return (
    <BarePage locale={county.locale} title={`${t.title} ${record.caseNumber}`} app={form.app ?? false}>
      {form.back && (
        <p>
          <a href={form.back.href}>← {form.back.label}</a>
        </p>
      )}
      <h1>
        {w.kind[record.kind]} {record.caseNumber}
        {record.urgent && (
          <>
            {' '}
            <strong class="error">{w.urgent}</strong>
          </>
        )}
      </h1>
      <p class="note">
        {t.actingAs}：{actor.name}
      </p>
      {vm.message && (
        <div class="card" role="status">
          <p>{vm.message}</p>
        </div>
      )}
      {vm.errors && vm.errors.length > 0 && (
        <div class="card error" role="alert">
          <ul>
            {vm.errors.map((e) => (
              <li>
                <strong>{e.field}</strong>: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <CaseSummary county={county} record={record} village={vm.villages.find((v) => v.id === record.villageId)} photos={vm.photos ?? []} />
      {open && record.status === 'received' && (
        <ActionForm form={form} name="acknowledge" button={t.acknowledge} />
      )}
      {open && record.status !== 'in_progress' && (
        <ActionForm form={form} name="status" button={t.inProgress}>
          <input type="hidden" name="status" value="in_progress" />
        </ActionForm>
      )}
      {open && may('resolve') && (
        <ActionForm form={form} name="status" button={t.resolve}>
          <input type="hidden" name="status" value="resolved" />
        </ActionForm>
      )}
      <TextAction form={form} name="reply" label={t.reply} button={t.replyButton} />
      <Folded summary={t.note}>
        <TextAction form={form} name="note" label={t.note} button={t.noteButton} />
      </Folded>
      {open && may('ask') && (
        <Folded summary={ask}>
          <TextAction form={form} name="ask" label={ask} button={t.askButton} />
        </Folded>
      )}
      {record.kind === 'tip' && may('reward') && (
        <FoldedAction summary={t.reward} form={form} name="reward" button={t.rewardButton}>
          <fieldset>
            <legend>{t.reward}</legend>
            <label class="choice">
              <input type="radio" name="verified" value="yes" required checked={record.reward?.verified === true} />
              <span>{t.verified}</span>
            </label>
            <label class="choice">
              <input type="radio" name="verified" value="no" checked={record.reward !== undefined && !record.reward.verified} />
              <span>{t.notVerified}</span>
            </label>
          </fieldset>
          <Field id="tier" label={t.tier}>
            <Select
              id="tier"
              name="tierId"
              blank={t.noTier}
              options={county.rewards.tiers.map((tier) => ({ value: tier.id, label: `${tier.label}${tier.amountYuan !== undefined ? `（${tier.amountYuan} 元）` : ''}`, selected: record.reward?.tierId === tier.id }))}
            />
          </Field>
        </FoldedAction>
      )}
      {open && may('transfer') && (
        <FoldedAction summary={t.transfer} form={form} name="transfer" button={t.transferButton}>
          <Field id="transfer-village" label={t.transfer}>
            <Select id="transfer-village" name="villageId" required blank="" options={vm.villages.filter((v) => v.id !== record.villageId).map((v) => ({ value: v.id, label: `${v.township} ${v.name}` }))} />
          </Field>
          <ReasonField id="transfer-reason" label={t.transferReason} />
        </FoldedAction>
      )}
      {open && vm.levels.length > 0 && (
        <FoldedAction summary={t.escalate} form={form} name="escalate" button={t.escalateButton}>
          <Field id="escalate-reason" label={t.escalateReason}>
            <textarea id="escalate-reason" name="reason" rows={3} required maxlength={300}></textarea>
          </Field>
          <Field id="escalate-level" label={t.escalateLevel}>
            <Select id="escalate-level" name="level" options={vm.levels.map((l, i) => ({ value: String(l), label: i === 0 ? `${w.level[l]}（${t.nextLevel}）` : w.level[l], selected: i === 0 }))} />
          </Field>
        </FoldedAction>
      )}
      {open && vm.assignTo.length > 0 && (
        <FoldedAction summary={t.assign} form={form} name="assign" button={t.assignButton}>
          <Field id="assign-village" label={t.assignVillage}>
            <Select
              id="assign-village"
              name="villageId"
              options={vm.assignTo.map((v) => ({ value: v.id, label: `${v.township} ${v.name} · ${v.officer}${v.id === record.villageId ? `（${t.ownVillage}）` : ''}`, selected: v.id === record.villageId }))}
            />
          </Field>
          <ReasonField id="assign-reason" label={t.assignReason} />
        </FoldedAction>
      )}
      <div class="card">
        <h2>{t.timeline}</h2>
        <Timeline
          items={vm.timeline.map((e) => ({
            when: when(county, e.at),
            text: (
              <>
                {e.visibility === 'internal' && (
                  <>
                    <strong>[{t.internal}]</strong>{' '}
                  </>
                )}
                {e.actor && e.actor.role !== 'system' && e.actor.name ? `${e.actor.name}：` : ''}
                {timelineText(county.locale, e, 'staff')}
              </>
            ),
          }))}
        />
      </div>
    </BarePage>
  );
}
