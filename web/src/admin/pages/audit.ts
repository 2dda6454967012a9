/** /admin/audit/: GET /audit?month for bureau staff, newest first. */
import { api, errorText } from '../api.ts';
import { byId, h, put } from '../dom.ts';
import { showError } from '../forms.ts';
import { when } from '../format.ts';
import type { ConsoleKey as Key } from '../../../../functions/messages/index.ts';
import zh from '../../../../functions/messages/console/zh-CN.ts';
import { monthPicker } from '../month.ts';
import { onLang, t } from '../lang.ts';
import { boot, roleLabel, status, statusText } from '../shell.ts';
import type { AuditEntry as Entry } from '../../../../functions/api/admin/views.ts';

let entries: Entry[] = [];

const actionLabel = (action: string) => (Object.hasOwn(zh, `act_${action}`) ? t(`act_${action}` as Key) : action);

function render(): void {
  put(
    byId('rows'),
    entries.length === 0
      ? h('tr', null, h('td', { colspan: 6, class: 'wrap' }, t('noEntries')))
      : entries.map((e) =>
          h(
            'tr',
            null,
            h('td', null, when(e.at)),
            h('td', { class: 'wrap' }, t('paren', { a: e.name, b: roleLabel(e.role) })),
            h('td', { class: 'wrap' }, e.channel ? t('paren', { a: actionLabel(e.action), b: t(`channel_${e.channel}` as Key) }) : actionLabel(e.action)),
            h('td', { class: 'wrap' }, e.caseNumber ? h('a', { href: `/admin/case/?n=${encodeURIComponent(e.caseNumber)}` }, e.caseNumber) : ''),
            h('td', { class: 'wrap' }, e.detail ?? ''),
            h('td', { class: 'wrap' }, e.ip ?? ''),
          ),
        ),
  );
}

async function load(month: string): Promise<void> {
  status('loading');
  try {
    entries = await api<Entry[]>(`/admin/audit?month=${month}&limit=500`);
    byId('content').hidden = false;
    status();
    render();
  } catch (error) {
    if (byId('content').hidden) statusText(errorText(error));
    else {
      status();
      showError(byId('month-form'), error);
    }
  }
}

const me = await boot('audit.view');
if (me) {
  await load(monthPicker((month) => void load(month)));
  onLang(render);
}
