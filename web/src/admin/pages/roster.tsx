/** @jsxImportSource hono/jsx */
/**
 * /admin/roster/: the roster by station and office. Office, station and bureau staff edit what lies in
 * their area (a village, a duty contact, an officer) in one dialog (PATCH /admin/roster); the bureau
 * also previews a CSV import, then confirms it.
 */
import { api, ApiError, errorText, type FieldProblem } from '../api.ts';
import type { Child } from 'hono/jsx';
import { byId } from '../dom.ts';
import { render } from '../draw.tsx';
import { busy, clearErrors, fieldError, focusFirstError, formError, showError } from '../forms.ts';
import { onLang, t } from '../lang.ts';
import { boot, roleLabel, status, statusText, type Me } from '../shell.ts';
import type { Contact } from '../../../../functions/domain/county.ts';
import { can } from '../../../../functions/domain/permissions.ts';
import type { RosterChange as Change, RosterImport, RosterView as Roster } from '../../../../functions/api/admin/views.ts';
import { Field } from '../ui/form.tsx';

let roster: Roster | undefined;
let me: Me | undefined;
const content = byId('content');

/** Mainland mobiles are shown (and typed) as people dial them (13800001001); the API keeps +86. */
const dial = (phone: string) => phone.replace(/^\+86(?=1\d{10}$)/, '');
const e164 = (typed: string) => {
  const s = typed.replace(/[\s()-]/g, '');
  return /^1\d{10}$/.test(s) ? `+86${s}` : /^\+[1-9]\d{6,14}$/.test(s) ? s : undefined;
};
function Tel({ phone }: { readonly phone: string }) {
  return (
    <a href={`tel:${phone}`} class="tel">
      {dial(phone)}
    </a>
  );
}

function Person({ c }: { readonly c: Contact | undefined }) {
  return c ? (
    <>
      {c.name} <Tel phone={c.phone} />
    </>
  ) : (
    ''
  );
}

/** "编辑" with the full "编辑：东山村" for screen readers; `edit` ("village:dongshan") says what it edits. */
function EditButton({ edit, what }: { readonly edit: string; readonly what: string }) {
  return (
    <button type="button" class="edit" data-edit={edit} aria-label={t('editX', { x: what })}>
      {t('edit')}
    </button>
  );
}

/** A unit's duty contact, with its edit button where the reader may edit it. */
function Duty({ edit, unit, c }: { readonly edit: string | false; readonly unit: string; readonly c: Contact }) {
  return (
    <p class="duty">
      <strong>{t('dutyContact')}</strong> {c.name} <Tel phone={c.phone} /> {edit && <EditButton edit={edit} what={t('dutyOf', { x: unit })} />}
    </p>
  );
}

/** One village's card: its officer, assistant, joint-defence contacts and information officers. */
function VillageCard({ v, officer }: { readonly v: Roster['stations'][number]['offices'][number]['villages'][number]; readonly officer: Contact | undefined }) {
  return (
    <li data-village={v.id}>
      <h4>{v.name}</h4>
      <dl class="facts">
        <dt>{t('colOfficer')}</dt>
        <dd>
          <Person c={officer} />
        </dd>
        <dt>{t('colAssistant')}</dt>
        <dd>
          <Person c={v.assistant} />
        </dd>
        <dt>{t('colDefence')}</dt>
        <dd>
          {v.defenceContacts.map((c) => (
            <div>
              <Person c={c} />
            </div>
          ))}
        </dd>
        <dt>{t('colInformants')}</dt>
        <dd>
          {(v.informants ?? []).map((c) => (
            <div>
              <Person c={c} />
            </div>
          ))}
        </dd>
      </dl>
      <EditButton edit={`village:${v.id}`} what={v.name} />
    </li>
  );
}

/** The roster by station and office (one small card per village: a table of four people columns does not fit a phone), then the officers. */
function RosterView({ roster, role }: { readonly roster: Roster; readonly role: Me['role'] | undefined }) {
  const officers = new Map(roster.officers.map((o) => [o.id, o]));
  const { bureau } = roster;
  return (
    <>
      {bureau && (
        <section class="card" aria-label={t('level_4')}>
          <h2>{t('level_4')}</h2>
          <Duty edit="bureau:" unit={bureau.name} c={bureau.dutyContact} />
        </section>
      )}
      {roster.stations.map((s) => (
        <section class="card" aria-label={t('paren', { a: s.name, b: s.township })}>
          <h2>{t('paren', { a: s.name, b: s.township })}</h2>
          <Duty edit={role !== 'office' && `station:${s.id}`} unit={s.name} c={s.dutyContact} />
          {s.offices.map((o) => (
            <>
              <h3>{o.name}</h3>
              <Duty edit={`office:${o.id}`} unit={o.name} c={o.dutyContact} />
              <ul class="village-cards">
                {o.villages.map((v) => (
                  <VillageCard v={v} officer={officers.get(v.officerId)} />
                ))}
              </ul>
            </>
          ))}
        </section>
      ))}
      {roster.officers.length > 0 && (
        <section class="card" aria-label={t('colOfficer')}>
          <h2>{t('colOfficer')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col" class="wrap">
                  {t('tel')}
                </th>
              </tr>
            </thead>
            <tbody>
              {roster.officers.map((o) => (
                <tr>
                  <th scope="row">
                    {o.name} <EditButton edit={`officer:${o.id}`} what={o.name} />
                  </th>
                  <td class="wrap">
                    <Tel phone={o.phone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

/** The staff of the county: name, role and unit. */
function StaffRows({ roster }: { readonly roster: Roster }) {
  const offices = new Map(roster.stations.flatMap((s) => s.offices.map((o) => [o.id, o.name] as const)));
  const stations = new Map(roster.stations.map((s) => [s.id, s.name]));
  return (
    <>
      {roster.staff.map((p) => (
        <tr>
          <th scope="row">{p.name}</th>
          <td class="wrap">{roleLabel(p.role)}</td>
          <td class="wrap">{(p.officeId && offices.get(p.officeId)) || (p.stationId && stations.get(p.stationId)) || ''}</td>
        </tr>
      ))}
    </>
  );
}

function draw(): void {
  if (!roster) return;
  render(byId('roster'), <RosterView roster={roster} role={me?.role} />);
  render(byId('staff'), <StaffRows roster={roster} />);
}

// ── The edit dialog ──────────────────────────────────────────────────────────────────────────────
// Controls are named by the API's field paths (assistant.phone, defenceContacts.1.name), so a 400's
// `errors` land beside them. `data-req` must not be empty; `data-tel` must be a phone number.
const dialog = byId<HTMLDialogElement>('editor');
const form = byId<HTMLFormElement>('editor-form');
const fields = byId('editor-fields');
let ids = 0;

interface EditFieldProps {
  readonly label: string;
  readonly name: string;
  readonly value?: string | undefined;
  /** More attributes of the input (maxlength, `data-req`, `data-tel`). */
  readonly attrs?: Readonly<Record<string, string | number | boolean>>;
}

function EditField({ label, name, value = '', attrs = {} }: EditFieldProps) {
  return <Field id={`e${++ids}`} name={name} label={{ text: label }} attrs={{ value, type: 'text', autocomplete: 'off', ...attrs }} />;
}

function TelField({ name, value = '' }: { readonly name: string; readonly value?: string | undefined }) {
  return <EditField label={t('tel')} name={name} value={value && dial(value)} attrs={{ type: 'tel', inputmode: 'tel', maxlength: 20, 'data-req': true, 'data-tel': true }} />;
}

function ContactFields({ prefix, c }: { readonly prefix: string; readonly c?: Contact | undefined }) {
  return (
    <>
      <EditField label={t('colName')} name={`${prefix}.name`} value={c?.name} attrs={{ maxlength: 40, 'data-req': true }} />
      <TelField name={`${prefix}.phone`} value={c?.phone} />
    </>
  );
}

function ContactSet({ legend, prefix, c }: { readonly legend: string; readonly prefix: string; readonly c: Contact | undefined }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      <ContactFields prefix={prefix} c={c} />
    </fieldset>
  );
}

function OfficerSelect({ officers, value }: { readonly officers: Roster['officers']; readonly value: string }) {
  return (
    <Field id={`e${++ids}`} name="officerId" label={{ text: t('colOfficer') }} control="select">
      {officers.map((o) => (
        <option value={o.id} selected={o.id === value}>
          {o.name}
        </option>
      ))}
    </Field>
  );
}

const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
const contactOf = (prefix: string): Contact => ({ name: value(`${prefix}.name`), phone: e164(value(`${prefix}.phone`)) ?? '' });

/** A list of contacts (joint-defence contacts, information officers): one fieldset per person, with add and remove. */
const LISTS = {
  defenceContacts: { legend: 'colDefence', nth: 'defenceN', add: 'addContact', removeNth: 'removeN', max: 20 },
  informants: { legend: 'colInformants', nth: 'informantN', add: 'addInformant', removeNth: 'removeInformantN', max: 10 },
} as const;
type List = keyof typeof LISTS;

function ContactRows({ list, people }: { readonly list: List; readonly people: readonly Contact[] }) {
  const keys = LISTS[list];
  return (
    <>
      {people.map((c, i) => (
        <fieldset class="row" data-list={list}>
          <legend>{t(keys.nth, { n: i + 1 })}</legend>
          <ContactFields prefix={`${list}.${i}`} c={c} />
          <button type="button" class="edit" data-remove={i} aria-label={t(keys.removeNth, { n: i + 1 })}>
            {t('remove')}
          </button>
        </fieldset>
      ))}
    </>
  );
}

function ContactList({ list, people }: { readonly list: List; readonly people: readonly Contact[] }) {
  const keys = LISTS[list];
  return (
    <fieldset>
      <legend>{t(keys.legend)}</legend>
      <div data-rows={list}>
        <ContactRows list={list} people={people} />
      </div>
      <button type="button" class="edit" data-add={list} hidden={people.length >= keys.max}>
        {t(keys.add)}
      </button>
    </fieldset>
  );
}

/** The people of a list as typed so far (typed but unsent values are kept when a row is added or removed). */
const typed = (list: List): Contact[] =>
  Array.from(form.querySelectorAll(`fieldset.row[data-list="${list}"]`), (_, i) => ({ name: value(`${list}.${i}.name`), phone: value(`${list}.${i}.phone`) }));

/** Draws a list's rows again and moves focus to row `focus` (or to the add button when there is none). */
function redrawList(list: List, people: readonly Contact[], focus: number): void {
  render(form.querySelector(`[data-rows="${list}"]`)!, <ContactRows list={list} people={people} />);
  const add = form.querySelector<HTMLButtonElement>(`[data-add="${list}"]`)!;
  add.hidden = people.length >= LISTS[list].max;
  ((focus < people.length && (form.elements.namedItem(`${list}.${focus}.name`) as HTMLElement | null)) || add).focus();
}

form.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  const add = target.closest<HTMLElement>('[data-add]');
  const remove = target.closest<HTMLElement>('[data-remove]');
  if (add) {
    const list = add.dataset.add as List;
    const people = typed(list);
    redrawList(list, [...people, { name: '', phone: '' }], people.length);
  } else if (remove) {
    const list = remove.closest<HTMLElement>('[data-list]')!.dataset.list as List;
    const i = Number(remove.dataset.remove);
    redrawList(list, typed(list).filter((_, j) => j !== i), i);
  }
});

interface Editor {
  readonly title: string;
  readonly fields: Child;
  readonly body: () => Record<string, unknown>;
}

/** What the dialog shows and sends for an edit key ("village:dongshan", "office:…", "bureau:"). */
function editor(key: string): Editor | undefined {
  if (!roster) return undefined;
  const [target = '', id = ''] = key.split(':');
  const dutyEditor = (unit: string, c: Contact): Editor => ({
    title: t('editX', { x: t('dutyOf', { x: unit }) }),
    fields: <ContactSet legend={t('dutyContact')} prefix="dutyContact" c={c} />,
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
      fields: (
        <>
          <EditField label={t('colName')} name="name" value={officer.name} attrs={{ maxlength: 40, 'data-req': true }} />
          <TelField name="phone" value={officer.phone} />
        </>
      ),
      body: () => ({ target, id, name: value('name'), phone: e164(value('phone')) }),
    };
  const v = offices.flatMap((o) => o.villages).find((x) => x.id === id);
  if (target !== 'village' || !v) return undefined;
  // Office hours and duty phone are sent only when changed, so an empty box never adds an empty value.
  const changed = (name: 'officeHours' | 'dutyPhone') => (value(name) === (v[name] ?? '') ? undefined : value(name));
  return {
    title: t('editX', { x: v.name }),
    fields: (
      <>
        <OfficerSelect officers={roster.officers} value={v.officerId} />
        <ContactSet legend={t('colAssistant')} prefix="assistant" c={v.assistant} />
        <ContactList list="defenceContacts" people={v.defenceContacts} />
        <ContactList list="informants" people={v.informants ?? []} />
        <EditField label={t('officeHours')} name="officeHours" value={v.officeHours} attrs={{ maxlength: 60 }} />
        <EditField label={t('dutyPhone')} name="dutyPhone" value={v.dutyPhone} attrs={{ maxlength: 20 }} />
      </>
    ),
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
  render(fields, found.fields);
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
    draw();
  } catch (error) {
    statusText(errorText(error));
  }
}

/** What an import changes (or changed), village by village. */
function ChangeList({ changes }: { readonly changes: readonly Change[] }) {
  return (
    <ul class="changes">
      {changes.map((c) => (
        <li>{t('colon', { a: c.village, b: [c.officer && t('changeOfficer', c.officer), c.assistant && t('changeAssistant', c.assistant)].filter(Boolean).join(' · ') })}</li>
      ))}
    </ul>
  );
}

/** Why an import was refused, line by line (`line 3: officer phone` → 第 3 行（officer phone）). */
function ImportErrors({ errors }: { readonly errors: readonly FieldProblem[] }) {
  return (
    <>
      <p>
        <strong>{t('importErrors')}</strong>
      </p>
      <ul class="changes" id="import-errors">
        {errors.map((e) => {
          const m = /^line (\d+)(?::\s*(.+))?$/.exec(e.field);
          const where = m ? (m[2] ? t('paren', { a: t('lineN', { line: m[1]! }), b: m[2] }) : t('lineN', { line: m[1]! })) : e.field;
          return <li>{t('colon', { a: where, b: e.message })}</li>;
        })}
      </ul>
    </>
  );
}

function setupImport(): void {
  const section = byId('import');
  const form = byId<HTMLFormElement>('import-form');
  const text = byId<HTMLTextAreaElement>('csv-text');
  const preview = byId('preview');
  const apply = byId<HTMLButtonElement>('apply');
  let previewed: string | undefined;
  section.hidden = false;

  const show = (box: 'ok-box' | 'alert-box', children: Child) => {
    preview.className = box;
    preview.hidden = false;
    render(preview, children);
    preview.focus();
  };

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
          <>
            <p>{t('previewRows', { rows: result.rows })}</p>
            {result.changes.length ? (
              <>
                <p>{t('changesTitle', { n: result.changes.length })}</p>
                <ChangeList changes={result.changes} />
              </>
            ) : (
              <p>{t('noChanges')}</p>
            )}
          </>,
        );
        apply.hidden = result.changes.length === 0;
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && error.problem.type === '/problems/roster-import') {
          show('alert-box', <ImportErrors errors={error.problem.errors ?? []} />);
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
      show(
        'ok-box',
        <>
          <p>
            <strong>{t('applied', { version: result.version })}</strong>
          </p>
          <ChangeList changes={result.changes} />
        </>,
      );
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
  onLang(draw);
}
