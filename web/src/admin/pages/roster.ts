/**
 * /admin/roster/: the roster by station and office. Office, station and bureau staff edit what lies in
 * their area (a village, a duty contact, an officer) in one dialog (PATCH /admin/roster); the bureau
 * also previews a CSV import, then confirms it.
 */
import { api, ApiError, errorText } from '../api.ts';
import { byId, h, put, type Children } from '../dom.ts';
import { busy, clearErrors, fieldError, focusFirstError, formError, showError } from '../forms.ts';
import { onLang, t } from '../lang.ts';
import { boot, roleLabel, status, statusText, type Me } from '../shell.ts';
import type { Contact } from '../../../../functions/domain/county.ts';
import { can } from '../../../../functions/domain/permissions.ts';
import type { RosterChange as Change, RosterImport, RosterView as Roster } from '../../../../functions/api/admin/views.ts';

let roster: Roster | undefined;
let me: Me | undefined;
const content = byId('content');

/** Mainland mobiles are shown (and typed) as people dial them (13800001001); the API keeps +86. */
const dial = (phone: string) => phone.replace(/^\+86(?=1\d{10}$)/, '');
const e164 = (typed: string) => {
  const s = typed.replace(/[\s()-]/g, '');
  return /^1\d{10}$/.test(s) ? `+86${s}` : /^\+[1-9]\d{6,14}$/.test(s) ? s : undefined;
};
const tel = (phone: string) => h('a', { href: `tel:${phone}`, class: 'tel' }, dial(phone));
const person = (c: Contact | undefined) => (c ? [c.name, ' ', tel(c.phone)] : '');
/** "编辑" with the full "编辑：东山村" for screen readers; `key` ("village:dongshan") says what it edits. */
const editButton = (key: string, what: string) => h('button', { type: 'button', class: 'edit', 'data-edit': key, 'aria-label': t('editX', { x: what }) }, t('edit'));
const duty = (key: string | false, unit: string, c: Contact) => h('p', { class: 'duty' }, h('strong', null, t('dutyContact')), ' ', c.name, ' ', tel(c.phone), ' ', key && editButton(key, t('dutyOf', { x: unit })));

function render(): void {
  if (!roster) return;
  const officers = new Map(roster.officers.map((o) => [o.id, o]));
  const { bureau } = roster;
  put(
    byId('roster'),
    bureau && h('section', { class: 'card', 'aria-label': t('level_4') }, h('h2', null, t('level_4')), duty('bureau:', bureau.name, bureau.dutyContact)),
    roster.stations.map((s) =>
      h(
        'section',
        { class: 'card', 'aria-label': t('paren', { a: s.name, b: s.township }) },
        h('h2', null, t('paren', { a: s.name, b: s.township })),
        duty(me?.role !== 'office' && `station:${s.id}`, s.name, s.dutyContact),
        s.offices.flatMap((o) => [
          h('h3', null, o.name),
          duty(`office:${o.id}`, o.name, o.dutyContact),
          // One small card per village (a table of four people columns does not fit a phone).
          h(
            'ul',
            { class: 'village-cards' },
            o.villages.map((v) =>
              h(
                'li',
                { 'data-village': v.id },
                h('h4', null, v.name),
                h(
                  'dl',
                  { class: 'facts' },
                  h('dt', null, t('colOfficer')),
                  h('dd', null, person(officers.get(v.officerId))),
                  h('dt', null, t('colAssistant')),
                  h('dd', null, person(v.assistant)),
                  h('dt', null, t('colDefence')),
                  h('dd', null, v.defenceContacts.map((c) => h('div', null, c.name, ' ', tel(c.phone)))),
                  h('dt', null, t('colInformants')),
                  h('dd', null, (v.informants ?? []).map((c) => h('div', null, c.name, ' ', tel(c.phone)))),
                ),
                editButton(`village:${v.id}`, v.name),
              ),
            ),
          ),
        ]),
      ),
    ),
    roster.officers.length > 0 &&
      h(
        'section',
        { class: 'card', 'aria-label': t('colOfficer') },
        h('h2', null, t('colOfficer')),
        h(
          'table',
          null,
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('colName')), h('th', { scope: 'col', class: 'wrap' }, t('tel')))),
          h('tbody', null, roster.officers.map((o) => h('tr', null, h('th', { scope: 'row' }, o.name, ' ', editButton(`officer:${o.id}`, o.name)), h('td', { class: 'wrap' }, tel(o.phone))))),
        ),
      ),
  );
  const offices = new Map(roster.stations.flatMap((s) => s.offices.map((o) => [o.id, o.name] as const)));
  const stations = new Map(roster.stations.map((s) => [s.id, s.name]));
  put(
    byId('staff'),
    roster.staff.map((p) => h('tr', null, h('th', { scope: 'row' }, p.name), h('td', { class: 'wrap' }, roleLabel(p.role)), h('td', { class: 'wrap' }, (p.officeId && offices.get(p.officeId)) || (p.stationId && stations.get(p.stationId)) || ''))),
  );
}

// ── The edit dialog ──────────────────────────────────────────────────────────────────────────────
// Controls are named by the API's field paths (assistant.phone, defenceContacts.1.name), so a 400's
// `errors` land beside them. `data-req` must not be empty; `data-tel` must be a phone number.
const dialog = byId<HTMLDialogElement>('editor');
const form = byId<HTMLFormElement>('editor-form');
const fields = byId('editor-fields');
let ids = 0;

function field(label: string, name: string, value = '', extra: Record<string, string | number | boolean> = {}): HTMLElement {
  const id = `e${++ids}`;
  const attrs = { id, name, 'aria-describedby': `${id}-e` };
  const control =
    name === 'officerId'
      ? h('select', attrs, roster!.officers.map((o) => h('option', { value: o.id, selected: o.id === value }, o.name)))
      : h('input', { ...attrs, value, type: 'text', autocomplete: 'off', ...extra });
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, h('p', { class: 'error', id: `${id}-e`, 'data-error-for': name, hidden: true }));
}
const telField = (name: string, value = '') => field(t('tel'), name, value && dial(value), { type: 'tel', inputmode: 'tel', maxlength: 20, 'data-req': true, 'data-tel': true });
const contactFields = (prefix: string, c?: Contact) => [field(t('colName'), `${prefix}.name`, c?.name, { maxlength: 40, 'data-req': true }), telField(`${prefix}.phone`, c?.phone)];
const contactSet = (legend: string, prefix: string, c?: Contact) => h('fieldset', null, h('legend', null, legend), contactFields(prefix, c));

const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
const contactOf = (prefix: string): Contact => ({ name: value(`${prefix}.name`), phone: e164(value(`${prefix}.phone`)) ?? '' });

/** A list of contacts (joint-defence contacts, information officers): one fieldset per person, with add and remove. */
const LISTS = {
  defenceContacts: { legend: 'colDefence', nth: 'defenceN', add: 'addContact', removeNth: 'removeN', max: 20 },
  informants: { legend: 'colInformants', nth: 'informantN', add: 'addInformant', removeNth: 'removeInformantN', max: 10 },
} as const;

function contactsEditor(list: keyof typeof LISTS, initial: readonly Contact[]): HTMLElement {
  const keys = LISTS[list];
  const rows = h('div');
  const add = h('button', { type: 'button', class: 'edit' }, t(keys.add));
  const count = () => rows.children.length;
  const draw = (people: readonly Contact[], focus?: number) => {
    put(
      rows,
      people.map((c, i) =>
        h(
          'fieldset',
          { class: 'row', 'data-list': list },
          h('legend', null, t(keys.nth, { n: i + 1 })),
          contactFields(`${list}.${i}`, c),
          h('button', { type: 'button', class: 'edit', 'data-remove': i, 'aria-label': t(keys.removeNth, { n: i + 1 }) }, t('remove')),
        ),
      ),
    );
    add.hidden = people.length >= keys.max;
    if (focus !== undefined) ((focus < people.length && (form.elements.namedItem(`${list}.${focus}.name`) as HTMLElement | null)) || add).focus();
  };
  // Typed but unsent values are kept (as typed) when a row is added or removed.
  const current = () => Array.from({ length: count() }, (_, i) => ({ name: value(`${list}.${i}.name`), phone: value(`${list}.${i}.phone`) }));
  add.addEventListener('click', () => draw([...current(), { name: '', phone: '' }], count()));
  rows.addEventListener('click', (event) => {
    const i = (event.target as HTMLElement).closest<HTMLElement>('[data-remove]')?.dataset.remove;
    if (i !== undefined) draw(current().filter((_, j) => j !== Number(i)), Number(i));
  });
  draw(initial);
  return h('fieldset', null, h('legend', null, t(keys.legend)), rows, add);
}

interface Editor {
  readonly title: string;
  readonly fields: readonly HTMLElement[];
  readonly body: () => Record<string, unknown>;
}

/** What the dialog shows and sends for an edit key ("village:dongshan", "office:…", "bureau:"). */
function editor(key: string): Editor | undefined {
  if (!roster) return undefined;
  const [target = '', id = ''] = key.split(':');
  const dutyEditor = (unit: string, c: Contact): Editor => ({
    title: t('editX', { x: t('dutyOf', { x: unit }) }),
    fields: [contactSet(t('dutyContact'), 'dutyContact', c)],
    body: () => ({ target, id: id || undefined, dutyContact: contactOf('dutyContact') }),
  });
  const offices = roster.stations.flatMap((s) => s.offices);
  const unit = target === 'station' ? roster.stations.find((s) => s.id === id) : offices.find((o) => o.id === id);
  if (target === 'bureau' && roster.bureau) return dutyEditor(roster.bureau.name, roster.bureau.dutyContact);
  if ((target === 'station' || target === 'office') && unit) return dutyEditor(unit.name, unit.dutyContact);
  const officer = roster.officers.find((o) => o.id === id);
  if (target === 'officer' && officer)
    return {
      title: t('editX', { x: officer.name }),
      fields: [field(t('colName'), 'name', officer.name, { maxlength: 40, 'data-req': true }), telField('phone', officer.phone)],
      body: () => ({ target, id, name: value('name'), phone: e164(value('phone')) }),
    };
  const v = offices.flatMap((o) => o.villages).find((x) => x.id === id);
  if (target !== 'village' || !v) return undefined;
  // Office hours and duty phone are sent only when changed, so an empty box never adds an empty value.
  const changed = (name: 'officeHours' | 'dutyPhone') => (value(name) === (v[name] ?? '') ? undefined : value(name));
  return {
    title: t('editX', { x: v.name }),
    fields: [
      field(t('colOfficer'), 'officerId', v.officerId),
      contactSet(t('colAssistant'), 'assistant', v.assistant),
      contactsEditor('defenceContacts', v.defenceContacts),
      contactsEditor('informants', v.informants ?? []),
      field(t('officeHours'), 'officeHours', v.officeHours, { maxlength: 60 }),
      field(t('dutyPhone'), 'dutyPhone', v.dutyPhone, { maxlength: 20 }),
    ],
    body: () => ({
      target,
      id,
      officerId: value('officerId'),
      assistant: contactOf('assistant'),
      defenceContacts: Array.from(form.querySelectorAll('fieldset.row[data-list="defenceContacts"]'), (_, i) => contactOf(`defenceContacts.${i}`)),
      informants: Array.from(form.querySelectorAll('fieldset.row[data-list="informants"]'), (_, i) => contactOf(`informants.${i}`)),
      officeHours: changed('officeHours'),
      dutyPhone: changed('dutyPhone'),
    }),
  };
}

let open: { key: string; editor: Editor } | undefined;

content.addEventListener('click', (event) => {
  const key = (event.target as HTMLElement).closest<HTMLElement>('[data-edit]')?.dataset.edit;
  const found = key === undefined ? undefined : editor(key);
  if (!key || !found) return;
  open = { key, editor: found };
  byId('editor-title').textContent = found.title;
  put(fields, found.fields);
  clearErrors(form);
  dialog.showModal();
  form.querySelector<HTMLElement>('input, select')?.focus();
});
byId('editor-cancel').addEventListener('click', () => dialog.close());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!open) return;
  clearErrors(form);
  let ok = true;
  for (const el of form.querySelectorAll<HTMLInputElement>('input')) {
    const problem = el.hasAttribute('data-req') && !el.value.trim() ? t('required') : el.hasAttribute('data-tel') && !e164(el.value) ? t('phoneE164') : '';
    if (problem) ok = !fieldError(form, el.name, problem) && ok;
  }
  if (!ok) return focusFirstError(form);
  const { key, editor: edit } = open;
  await busy(form, async () => {
    try {
      const { version } = await api<{ version: number }>('/admin/roster', { method: 'PATCH', json: edit.body() });
      dialog.close();
      await load();
      status('saved', { version });
      document.querySelector<HTMLElement>(`[data-edit="${CSS.escape(key)}"]`)?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 403 && error.problem.type !== '/problems/csrf') {
        formError(form, t('editForbidden'));
        return focusFirstError(form);
      }
      // The server's words are English; a phone number is explained in the reader's language.
      const problem = error instanceof ApiError ? error.problem : {};
      const errors = problem.errors?.map((e) => ({ ...e, message: /phone$/i.test(e.field) ? t('phoneE164') : e.message }));
      showError(form, error instanceof ApiError && errors ? new ApiError(error.status, { ...problem, errors }) : error);
    }
  });
});

async function load(): Promise<void> {
  try {
    roster = await api<Roster>('/admin/roster');
    content.hidden = false;
    status();
    render();
  } catch (error) {
    statusText(errorText(error));
  }
}

function setupImport(): void {
  const section = byId('import');
  const form = byId<HTMLFormElement>('import-form');
  const text = byId<HTMLTextAreaElement>('csv-text');
  const preview = byId('preview');
  const apply = byId<HTMLButtonElement>('apply');
  let previewed: string | undefined;
  section.hidden = false;

  const show = (box: 'ok-box' | 'alert-box', ...children: Children) => {
    preview.className = box;
    preview.hidden = false;
    put(preview, ...children);
    preview.focus();
  };
  const changeList = (changes: readonly Change[]) =>
    h(
      'ul',
      { class: 'changes' },
      changes.map((c) => h('li', null, t('colon', { a: c.village, b: [c.officer && t('changeOfficer', c.officer), c.assistant && t('changeAssistant', c.assistant)].filter(Boolean).join(' · ') }))),
    );

  byId<HTMLInputElement>('csv-file').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) text.value = await file.text();
    text.dispatchEvent(new Event('input'));
  });
  text.addEventListener('input', () => {
    if (text.value !== previewed) apply.hidden = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    preview.hidden = true;
    apply.hidden = true;
    const csv = text.value;
    if (!csv.trim()) {
      fieldError(form, 'csv', t('csvEmpty'));
      return focusFirstError(form);
    }
    await busy(form, async () => {
      try {
        const result = await api<RosterImport>('/admin/roster/import?apply=false', { csv });
        previewed = csv;
        show(
          'ok-box',
          h('p', null, t('previewRows', { rows: result.rows })),
          result.changes.length ? [h('p', null, t('changesTitle', { n: result.changes.length })), changeList(result.changes)] : h('p', null, t('noChanges')),
        );
        apply.hidden = result.changes.length === 0;
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && error.problem.type === '/problems/roster-import') {
          show(
            'alert-box',
            h('p', null, h('strong', null, t('importErrors'))),
            h(
              'ul',
              { class: 'changes', id: 'import-errors' },
              (error.problem.errors ?? []).map((e) => {
                const m = /^line (\d+)(?::\s*(.+))?$/.exec(e.field);
                return h('li', null, t('colon', { a: m ? (m[2] ? t('paren', { a: t('lineN', { line: m[1]! }), b: m[2] }) : t('lineN', { line: m[1]! })) : e.field, b: e.message }));
              }),
            ),
          );
        } else showError(form, error);
      }
    });
  });

  apply.addEventListener('click', async () => {
    clearErrors(form);
    if (text.value !== previewed) {
      apply.hidden = true;
      formError(form, t('previewFirst'));
      return focusFirstError(form);
    }
    apply.disabled = true;
    try {
      const result = await api<Extract<RosterImport, { applied: true }>>('/admin/roster/import?apply=true', { csv: previewed });
      apply.hidden = true;
      previewed = undefined;
      show('ok-box', h('p', null, h('strong', null, t('applied', { version: result.version }))), changeList(result.changes));
      await load();
    } catch (error) {
      showError(form, error);
    } finally {
      apply.disabled = false;
    }
  });
}

me = await boot('roster.view');
if (me) {
  if (can(me, 'roster.import')) setupImport();
  await load();
  onLang(render);
}
