/** @jsxImportSource hono/jsx */
/** /admin/case/?n=…: the case, its timeline and the actions the role allows; after an action the case is read again. */
import { api, ApiError, errorText } from '../api.ts';
import type { Child } from 'hono/jsx';
import { byId } from '../dom.ts';
import { append, render } from '../draw.tsx';
import { busy, checkText, clearErrors, fieldError, focusFirstError, showError } from '../forms.ts';
import { when } from '../format.ts';
import type { ConsoleKey as Key } from '../../../../functions/messages/index.ts';
import { lang, onLang, setT, t } from '../lang.ts';
import { entryText as staffText } from '../../../../functions/domain/timeline-text.ts';
import type { TimelineMessages, Words } from '../../../../functions/messages/index.ts';
import timelineZh from '../../../../functions/messages/timeline/zh-CN.ts';
import wordsZh from '../../../../functions/messages/words/zh-CN.ts';
import { boot, roleLabel, status, statusText, villages, type Me, type Village } from '../shell.ts';
import type { CaseDetail, TimelineEntry } from '../../../../functions/api/admin/views.ts';
import { can, type CaseAction } from '../../../../functions/domain/permissions.ts';

const content = byId('content');
const alertBox = byId('action-alert');
const okBox = byId('action-ok');
const forms = [...document.querySelectorAll<HTMLFormElement>('form[data-action]')];
const caseNumber = new URLSearchParams(location.search).get('n')?.trim().toUpperCase() ?? '';

let me: Me | undefined;
let record: CaseDetail | undefined;
let villageList: Village[] = [];

const label = (key: string) => t(key as Key);

/** The timeline's words: Chinese here, English loaded the first time someone reads English. */
let english: { timeline: TimelineMessages; words: Words } | undefined;
async function timelineWords(): Promise<void> {
  if (lang() !== 'en' || english) return;
  const [timeline, words] = await Promise.all([import('../../../../functions/messages/timeline/en.ts'), import('../../../../functions/messages/words/en.ts')]);
  english = { timeline: timeline.default, words: words.default };
}
const entryText = (e: TimelineEntry): string => (lang() === 'en' && english ? entryText_(english.timeline, english.words, e) : entryText_(timelineZh, wordsZh, e));
const entryText_ = (m: TimelineMessages, w: Words, e: TimelineEntry) => staffText(m, w, e, 'staff');

/** One fact of the case: its name and its value. */
function Fact({ name, children }: { readonly name: Key; readonly children?: Child }) {
  return (
    <>
      <dt>{t(name)}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Who sent the case, as far as the staff may know. */
function Reporter({ c }: { readonly c: CaseDetail }) {
  if (c.anonymous) return <>{t('anonymous')}</>;
  if (!c.name && !c.phone) return <>{t('noContact')}</>;
  return (
    <>
      {c.name ?? ''}
      {c.phone && <a href={`tel:${c.phone}`}>{` ${c.phone}`}</a>}
      {c.updates && ` ${t('wantsUpdates')}`}
    </>
  );
}

/** What there is to know about the case, beside its timeline. */
function Facts({ c, village }: { readonly c: CaseDetail; readonly village: Village | undefined }) {
  return (
    <>
      <Fact name="fStatus">
        <span class={`badge ${c.status}`} id="case-status">
          {label(`status_${c.status}`)}
        </span>
        {c.overdue && <span class="badge alarm">{t('overdue')}</span>}
      </Fact>
      <Fact name="fLevel">{label(`level_${c.level}`)}</Fact>
      <Fact name="fVillage">{village ? t('paren', { a: village.name, b: village.township }) : c.villageId}</Fact>
      <Fact name="fCreated">{when(c.createdAt)}</Fact>
      <Fact name="fSlaDue">{when(c.slaDueAt)}</Fact>
      {c.ackAt && <Fact name="fAck">{when(c.ackAt)}</Fact>}
      {c.resolvedAt && <Fact name="fResolved">{when(c.resolvedAt)}</Fact>}
      {c.category && <Fact name="fCategory">{c.category}</Fact>}
      {c.location && <Fact name="fLocation">{c.location}</Fact>}
      {c.filedBy && <Fact name="fFiledBy">{t('paren', { a: c.filedBy.name, b: roleLabel(c.filedBy.role) })}</Fact>}
      <Fact name="fReporter">
        <Reporter c={c} />
      </Fact>
      <Fact name="fDescription">
        <span class="description">{c.description}</span>
      </Fact>
      {c.kind === 'tip' && c.reward && <Fact name="fReward">{c.reward.verified ? (c.reward.tierId ? t('rewardYesTier', { tier: tierLabel(c.reward.tierId) }) : t('rewardYes')) : t('rewardNo')}</Fact>}
      {c.kind === 'tip' && c.reward?.claimBy && <Fact name="fClaim">{claimText(c.reward)}</Fact>}
      {(c.escalations ?? 0) > 0 && <Fact name="fEscalations">{String(c.escalations)}</Fact>}
      {(c.transfers ?? 0) > 0 && <Fact name="fTransfers">{String(c.transfers)}</Fact>}
      {c.ratingScore !== undefined && <Fact name="fRating">{t('ratingValue', { score: c.ratingScore })}</Fact>}
    </>
  );
}

/** The whole timeline, internal notes marked, each entry with who wrote it. */
function Timeline({ entries }: { readonly entries: readonly TimelineEntry[] }) {
  return (
    <>
      {entries.map((e) => {
        const internal = e.visibility === 'internal';
        const who = e.actor && e.actor.role !== 'system' && e.actor.role !== 'resident' && e.actor.name ? t('colon', { a: t('paren', { a: e.actor.name, b: roleLabel(e.actor.role) }), b: '' }) : '';
        return (
          <li class={internal ? 'internal' : undefined}>
            <time datetime={e.at}>{when(e.at)}</time>
            {internal && <span class="badge internal">{t('internal')}</span>} {who && <span class="actor">{who}</span>}
            {entryText(e)}
          </li>
        );
      })}
    </>
  );
}

/** The SMS sent about the case: to whom, how it went, when. */
function Notifications({ notifications }: { readonly notifications: CaseDetail['notifications'] }) {
  return (
    <>
      {notifications.map((n) => (
        <li>{`${t('colon', { a: `${label(`notif_${n.role}`)}${n.name ? ` ${n.name}` : ''}`, b: label(`notif_${n.status}`) })} · ${when(n.at)}`}</li>
      ))}
    </>
  );
}

function draw(): void {
  const c = record;
  if (!c || !me) return;
  const heading = byId('case-title');
  render(
    heading,
    <>
      {`${label(`kind_${c.kind}`)} ${c.caseNumber}`}
      {c.urgent && <span class="badge alarm">{t('urgent')}</span>}
    </>,
  );
  delete heading.dataset.t;
  render(byId('facts'), <Facts c={c} village={villageList.find((v) => v.id === c.villageId)} />);
  render(byId('timeline'), <Timeline entries={c.timeline} />);
  render(byId('notifications'), <Notifications notifications={c.notifications} />);
  showActions(c, me);
}

function claimText(r: NonNullable<CaseDetail['reward']>): string {
  if (r.paidAt) return t('claimPaid', { date: when(r.paidAt), who: r.paidBy ?? '' });
  if (r.claimBy! < new Date().toISOString()) return t('claimExpired', { date: when(r.claimBy!) });
  return t('claimOpen', { date: when(r.claimBy!) });
}

function tierLabel(id: string): string {
  return document.querySelector<HTMLOptionElement>(`#reward-tier option[value="${CSS.escape(id)}"]`)?.textContent ?? id;
}

/**
 * What the person may do (functions/domain/permissions.ts, as the server decides it; it checks again)
 * and what fits the case's state now.
 */
function showActions(c: CaseDetail, who: Me): void {
  // An assistant closes only service requests, where the county lets small matters stay in the village.
  const may = (action: CaseAction) => can(who, action, c, { assistantsCloseServiceCases: content.dataset.assistantsCloseService === 'yes' });
  const open = c.status !== 'resolved';
  const tip = c.kind === 'tip';
  const allowed: Record<string, boolean> = {
    acknowledge: c.status === 'received' && may('acknowledge'),
    'status:in_progress': (c.status === 'received' || c.status === 'acknowledged') && may('progress'),
    'status:resolved': open && may('resolve'),
    reply: may('reply'),
    note: may('note'),
    ask: open && may('ask'),
    reward: tip && may('reward'),
    transfer: open && may('transfer'),
    // A verified tip's reward is paid out while it may be claimed.
    payout: tip && may('payout') && !!c.reward?.verified && !!c.reward.claimBy && !c.reward.paidAt && c.reward.claimBy >= new Date().toISOString(),
    escalate: open && c.choices.reportLevels.length > 0,
    assign: open && c.choices.assignTo.length > 0,
  };
  for (const form of forms) form.hidden = !allowed[form.dataset.status ? `${form.dataset.action}:${form.dataset.status}` : form.dataset.action!];
  const reward = forms.find((f) => f.dataset.action === 'reward')!;
  if (!reward.hidden && c.reward) {
    (reward.querySelector(`input[name="verified"][value="${c.reward.verified ? 'yes' : 'no'}"]`) as HTMLInputElement).checked = true;
    (reward.elements.namedItem('tierId') as HTMLSelectElement).value = c.reward.tierId ?? '';
  }
  const select = byId<HTMLSelectElement>('transfer-village');
  const chosen = select.value;
  const byTownship = new Map<string, Village[]>();
  for (const v of villageList) if (v.id !== c.villageId) byTownship.set(v.township, [...(byTownship.get(v.township) ?? []), v]);
  render(
    select,
    <>
      <option value="" data-t="chooseVillage">
        {t('chooseVillage')}
      </option>
      {[...byTownship].map(([township, vs]) => (
        <optgroup label={township}>
          {vs.map((v) => (
            <option value={v.id}>{v.name}</option>
          ))}
        </optgroup>
      ))}
    </>,
  );
  select.value = chosen;
  const levels = byId<HTMLSelectElement>('escalate-level');
  const level = levels.value;
  render(
    levels,
    c.choices.reportLevels.map((l, i) => <option value={String(l)}>{i === 0 ? t('nextLevel', { level: label(`level_${l}`) }) : label(`level_${l}`)}</option>),
  );
  if (c.choices.reportLevels.map(String).includes(level)) levels.value = level;
  const down = byId<HTMLSelectElement>('assign-village');
  render(
    down,
    c.choices.assignTo.map((v) => <option value={v.id}>{`${v.id === c.villageId ? t('ownVillage', { village: v.name }) : v.name} · ${v.officer}`}</option>),
  );
  down.value = c.villageId;
}

const CONFLICTS: [RegExp, Key][] = [
  [/already acknowledged/, 'c_acknowledged'],
  [/already resolved/, 'c_resolved'],
  [/already in progress/, 'c_in_progress'],
  [/^rewards are for tips/, 'c_reward'],
  [/resolved case cannot be transferred/, 'c_transfer'],
  [/changed while you were looking/, 'c_changed'],
  [/role cannot do this/, 'c_role'],
  [/paid out already/, 'c_paid'],
  [/claim period of this reward is over/, 'c_claim_over'],
  [/no reward to pay out|payout is recorded/, 'c_no_reward'],
  [/report this case up only|top of the chain|cannot be reported up/, 'c_escalate'],
  [/outside your area/, 'c_assign'],
];

function conflictText(detail = ''): string {
  const known = CONFLICTS.find(([pattern]) => pattern.test(detail));
  return known ? t(known[1]) : detail;
}

/** A conflict (409) or a success, shown at the top of the actions and focused, so it is seen and heard. */
function showAlert(text?: string, ok = false): void {
  const box = ok ? okBox : alertBox;
  (ok ? alertBox : okBox).hidden = true;
  box.hidden = !text;
  if (text) {
    setT(box, ok ? 'done' : 'conflict', ok ? undefined : { detail: text });
    box.focus();
  }
}

async function load(): Promise<boolean> {
  try {
    record = await api<CaseDetail>(`/admin/cases/${encodeURIComponent(caseNumber)}`);
    content.hidden = false;
    draw();
    return true;
  } catch (error) {
    content.hidden = true;
    if (error instanceof ApiError && error.status === 404) status('notFound', undefined, true);
    else statusText(errorText(error));
    return false;
  }
}

function body(form: HTMLFormElement): Record<string, string> | undefined {
  const action = form.dataset.action!;
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  switch (action) {
    case 'acknowledge':
      return { action };
    case 'status':
      return { action, status: form.dataset.status! };
    case 'reply':
    case 'note':
    case 'ask':
      return checkText(form, 'text', 1, 500) ? { action, text: value('text') } : undefined;
    case 'reward': {
      const verified = (form.querySelector('input[name="verified"]:checked') as HTMLInputElement | null)?.value;
      if (!verified) return void fieldError(form, 'verified', t('chooseVerified'));
      return { action, verified, tierId: verified === 'yes' ? value('tierId') : '' };
    }
    case 'payout':
      return checkText(form, 'trackingCode', 1, 32) ? { action, trackingCode: value('trackingCode') } : undefined;
    case 'transfer':
      if (!value('villageId')) return void fieldError(form, 'villageId', t('required'));
      if (value('reason').length > 300) return void fieldError(form, 'reason', t('tooLong', { n: 300 }));
      return { action, villageId: value('villageId'), ...(value('reason') && { reason: value('reason') }) };
    case 'escalate':
      if (!checkText(form, 'reason', 1, 300)) return undefined;
      return { action, reason: value('reason'), level: value('level') };
    case 'assign':
      if (value('reason').length > 300) return void fieldError(form, 'reason', t('tooLong', { n: 300 }));
      return { action, villageId: value('villageId'), ...(value('reason') && { reason: value('reason') }) };
  }
  return undefined;
}

async function act(form: HTMLFormElement): Promise<void> {
  clearErrors(form);
  showAlert();
  const json = body(form);
  if (!json) return focusFirstError(form);
  await busy(form, async () => {
    try {
      await api(`/admin/cases/${encodeURIComponent(caseNumber)}/actions`, { json });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        await load();
        showAlert(conflictText(error.problem.detail));
      } else if (error instanceof ApiError && error.status === 404) {
        await load();
      } else if (error instanceof ApiError && error.status === 400 && error.problem.errors?.some((e) => e.field === 'trackingCode')) {
        fieldError(form, 'trackingCode', t('wrongTrackingCode'));
        focusFirstError(form);
      } else showError(form, error);
      return;
    }
    form.reset();
    if (!(await load())) {
      if (json.action === 'transfer') status('transferredAway');
      if (json.action === 'assign') status('assignedAway');
      return;
    }
    showAlert('done', true);
  });
}

me = await boot();
await timelineWords().catch(() => undefined);
if (me) {
  if (!/^[A-Z]{2,8}-\d{4}-\d{6}$/.test(caseNumber)) status('noCaseNumber', undefined, true);
  else {
    const templates = api<{ id: string; label: string; text: string }[]>('/admin/templates').catch(() => []);
    villageList = await villages().catch(() => []);
    if (await load()) status();
    const list = await templates;
    const select = byId<HTMLSelectElement>('reply-template');
    append(
      select,
      list.map((tpl) => <option value={tpl.id}>{tpl.label}</option>),
    );
    byId('template-field').hidden = list.length === 0;
    select.addEventListener('change', () => {
      const tpl = list.find((x) => x.id === select.value);
      if (tpl) byId<HTMLTextAreaElement>('reply-text').value = tpl.text;
    });
    for (const form of forms) form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act(form);
    });
    onLang(() => void timelineWords().then(draw, draw));
  }
}
