/** @jsxImportSource hono/jsx */
/** /admin/cases/: filters (kept in the URL), newest first, "more" with the API's cursor, CSV of the same filters. */
import { api } from '../api.ts';
import { byId } from '../dom.ts';
import { append, render } from '../draw.tsx';
import { clearErrors, fieldError, focusFirstError, showError } from '../forms.ts';
import { monthNow, when } from '../format.ts';
import type { ConsoleKey as Key } from '../../../../functions/messages/index.ts';
import { onLang, setT, t } from '../lang.ts';
import { boot, status, villages, type Me } from '../shell.ts';
import type { CaseList, CaseListItem as CaseSummary } from '../../../../functions/api/admin/views.ts';
import { seesTips } from '../../../../functions/domain/permissions.ts';

const FILTERS = ['month', 'status', 'kind', 'villageId', 'overdue', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const form = byId<HTMLFormElement>('filters');
const list = byId<HTMLOListElement>('list');
const more = byId<HTMLButtonElement>('more');
const count = byId('count');
const csv = byId<HTMLAnchorElement>('csv');
const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => form.elements.namedItem(name) as T;

let items: CaseSummary[] = [];
let cursor: string | undefined;
let filters: Filters = {};
const villageNames = new Map<string, string>();

function readUrl(): Filters {
  const q = new URLSearchParams(location.search);
  const f: Filters = {};
  for (const k of FILTERS) {
    const v = q.get(k);
    if (v) f[k] = v;
  }
  f.month ??= monthNow();
  return f;
}

function fillForm(f: Filters): void {
  for (const k of FILTERS) {
    const el = field<HTMLInputElement>(k);
    if (el.type === 'checkbox') el.checked = f[k] === 'true';
    else el.value = f[k] ?? '';
  }
  const active = FILTERS.filter((k) => k !== 'month' && f[k]).length > 0 || f.month !== monthNow();
  (byId('filter-box') as HTMLDetailsElement).open ||= active;
}

function readForm(): Filters {
  const f: Filters = {};
  for (const k of FILTERS) {
    const el = field<HTMLInputElement>(k);
    const v = el.type === 'checkbox' ? (el.checked ? 'true' : '') : el.value.trim();
    if (v) f[k] = v;
  }
  return f;
}

function query(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (f[k]) q.set(k, f[k]!);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** One case of the list: a link to it with its number, status, urgency, level and lateness, then kind, village and date. */
function CaseRow({ c }: { readonly c: CaseSummary }) {
  return (
    <li>
      <a href={`/admin/case/?n=${encodeURIComponent(c.caseNumber)}`} class={c.urgent ? 'is-urgent' : undefined}>
        <strong>{c.caseNumber}</strong>
        <span class={`badge ${c.status}`}>{t(`status_${c.status}` as Key)}</span>
        {c.urgent && <span class="badge alarm">{t('urgent')}</span>}
        {/* Above the village officer: where the case is now (a case at the bureau must not look new). */}
        {c.level > 1 && (
          <span class="badge level" data-level={String(c.level)}>
            {t(`level_${c.level}` as Key)}
          </span>
        )}
        {c.overdue && <span class="badge alarm overdue">{t('overdue')}</span>}
        <span class="meta">{[t(`kind_${c.kind}` as Key), villageNames.get(c.villageId) ?? c.villageId, when(c.createdAt)].join(' · ')}</span>
      </a>
    </li>
  );
}

/** What the API is asked: overdue without dates means every month (the server reads the queue of unacknowledged cases). */
function apiFilters(f: Filters): Filters {
  return f.overdue === 'true' && !f.from && !f.to ? { ...f, month: '' } : f;
}

function draw(): void {
  render(
    list,
    items.map((c) => <CaseRow c={c} />),
  );
  more.hidden = !cursor;
  if (items.length === 0) setT(count, 'noCases');
  else setT(count, cursor ? 'shown' : 'shownAll', { n: items.length });
}

async function load(reset: boolean): Promise<void> {
  if (reset) {
    items = [];
    cursor = undefined;
  }
  status('loading');
  try {
    const page = await api<CaseList>(`/admin/cases?${query(apiFilters(filters), cursor ? { cursor } : {})}`);
    const first = items.length;
    items = [...items, ...page.items];
    cursor = page.cursor;
    status();
    draw();
    if (!reset) list.querySelectorAll('a')[first]?.focus();
  } catch (error) {
    (byId('filter-box') as HTMLDetailsElement).open = true;
    showError(form, error);
    status();
  }
}

function validRange(f: Filters): boolean {
  for (const k of ['from', 'to'] as const) {
    if (f[k] && f.month && f[k]!.slice(0, 7) !== f.month) fieldError(form, k, t('sameMonth', { month: f.month }));
  }
  if (f.from && f.to && f.from > f.to) fieldError(form, 'to', t('fromAfterTo'));
  if (!f.month) fieldError(form, 'month', t('required'));
  return !form.querySelector('[aria-invalid="true"]');
}

function apply(f: Filters): void {
  filters = f;
  const q = query({ ...f, ...(f.month === monthNow() && { month: '' }) });
  history.replaceState(null, '', q ? `?${q}` : location.pathname);
  csv.href = `/api/v1/admin/cases.csv?${query(apiFilters(f))}`;
  void load(true);
}

async function areaVillages(me: Me): Promise<{ id: string; name: string }[]> {
  const all = await villages();
  for (const v of all) villageNames.set(v.id, v.name);
  if (me.role === 'officer' || me.role === 'assistant') return all.filter((v) => me.villageIds.includes(v.id));
  if (me.role === 'station') return all.filter((v) => v.stationId === me.stationId);
  if (me.role === 'office') {
    const roster = await api<{ stations: { offices: { id: string; villages: { id: string }[] }[] }[] }>('/admin/roster');
    const mine = new Set(roster.stations.flatMap((s) => s.offices).find((o) => o.id === me.officeId)?.villages.map((v) => v.id));
    return all.filter((v) => mine.has(v.id));
  }
  return all;
}

const me = await boot();
// An information officer follows no cases: his page is the filing page.
if (me?.role === 'informant') location.replace('/admin/file/');
if (me) {
  // Assistants never see tips: no filter for them.
  if (!seesTips(me.role)) field<HTMLSelectElement>('kind').querySelector('option[value="tip"]')?.remove();
  const start = readUrl();
  try {
    const select = field<HTMLSelectElement>('villageId');
    append(select, (await areaVillages(me)).map((v) => <option value={v.id}>{v.name}</option>));
  } catch {
    // the list still works without village names
  }
  fillForm(start);
  apply(start);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const f = readForm();
    if (!validRange(f)) return focusFirstError(form);
    apply(f);
  });
  byId('reset').addEventListener('click', () => {
    clearErrors(form);
    const f = { month: monthNow() };
    fillForm(f);
    apply(f);
  });
  more.addEventListener('click', () => void load(false));
  onLang(draw);
}
