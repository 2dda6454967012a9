/** /admin/roster/: the roster by station and office; the bureau previews a CSV import, then confirms it. */
import { api, ApiError, errorText } from '../api.ts';
import { byId, h, put, type Children } from '../dom.ts';
import { busy, clearErrors, fieldError, focusFirstError, formError, showError } from '../forms.ts';
import { onLang, t } from '../lang.ts';
import { boot, roleLabel, status, statusText } from '../shell.ts';

interface Contact {
  readonly name: string;
  readonly phone: string;
}
interface Roster {
  readonly stations: readonly {
    readonly id: string;
    readonly name: string;
    readonly township: string;
    readonly offices: readonly { readonly id: string; readonly name: string; readonly villages: readonly { readonly id: string; readonly name: string; readonly officerId: string; readonly assistant: Contact }[] }[];
  }[];
  readonly officers: readonly (Contact & { readonly id: string })[];
  readonly staff: readonly { readonly id: string; readonly name: string; readonly role: string; readonly officeId?: string; readonly stationId?: string }[];
}
interface Change {
  readonly village: string;
  readonly officer?: { readonly from: string; readonly to: string };
  readonly assistant?: { readonly from: string; readonly to: string };
}

let roster: Roster | undefined;
const content = byId('content');

/** Mainland numbers are shown as people dial them (13800001001); the link keeps +86. */
const person = (c: Contact | undefined) => (c ? [c.name, h('br'), h('a', { href: `tel:${c.phone}`, class: 'tel' }, c.phone.replace(/^\+86(?=1\d{10}$)/, ''))] : '');

function render(): void {
  if (!roster) return;
  const officers = new Map(roster.officers.map((o) => [o.id, o]));
  put(
    byId('roster'),
    roster.stations.map((s) =>
      h(
        'section',
        { class: 'card', 'aria-label': t('paren', { a: s.name, b: s.township }) },
        h('h2', null, t('paren', { a: s.name, b: s.township })),
        s.offices.map((o) =>
          h(
            'table',
            null,
            h('caption', null, o.name),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('colVillage')), h('th', { scope: 'col', class: 'wrap' }, t('colOfficer')), h('th', { scope: 'col', class: 'wrap' }, t('colAssistant')))),
            h('tbody', null, o.villages.map((v) => h('tr', null, h('th', { scope: 'row' }, v.name), h('td', { class: 'wrap' }, person(officers.get(v.officerId))), h('td', { class: 'wrap' }, person(v.assistant))))),
          ),
        ),
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
        const result = await api<{ rows: number; changes: Change[] }>('/admin/roster/import?apply=false', { csv });
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
      const result = await api<{ version: number; changes: Change[] }>('/admin/roster/import?apply=true', { csv: previewed });
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

const me = await boot(['office', 'station', 'bureau']);
if (me) {
  if (me.role === 'bureau') setupImport();
  await load();
  onLang(render);
}
