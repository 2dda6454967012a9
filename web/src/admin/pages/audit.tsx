/** @jsxImportSource hono/jsx */
/** /admin/audit/: GET /audit?month for bureau staff, newest first. */
import { byId } from '../dom.ts';
import { render } from '../draw.tsx';
import { when } from '../format.ts';
import type { ConsoleKey as Key } from '../../../../functions/messages/index.ts';
import zh from '../../../../functions/messages/console/zh-CN.ts';
import { monthPicker, showMonth } from '../month.ts';
import { onLang, t } from '../lang.ts';
import { boot, roleLabel } from '../shell.ts';
import type { AuditEntry as Entry } from '../../../../functions/api/admin/views.ts';
import { NoRows } from '../ui/table.tsx';

let entries: Entry[] = [];

const actionLabel = (action: string) => (Object.hasOwn(zh, `act_${action}`) ? t(`act_${action}` as Key) : action);

/** The log's rows: when, who, what (and how), the case, details and the address it came from. */
function EntryRows({ entries }: { readonly entries: readonly Entry[] }) {
  if (entries.length === 0) return <NoRows columns={6} text={t('noEntries')} />;
  return (
    <>
      {entries.map((e) => (
        <tr>
          <td>{when(e.at)}</td>
          <td class="wrap">{t('paren', { a: e.name, b: roleLabel(e.role) })}</td>
          <td class="wrap">{e.channel ? t('paren', { a: actionLabel(e.action), b: t(`channel_${e.channel}` as Key) }) : actionLabel(e.action)}</td>
          <td class="wrap">{e.caseNumber && <a href={`/admin/case/?n=${encodeURIComponent(e.caseNumber)}`}>{e.caseNumber}</a>}</td>
          <td class="wrap">{e.detail ?? ''}</td>
          <td class="wrap">{e.ip ?? ''}</td>
        </tr>
      ))}
    </>
  );
}

const draw = () => render(byId('rows'), <EntryRows entries={entries} />);

const load = (month: string) =>
  showMonth<Entry[]>(`/admin/audit?month=${month}&limit=500`, (answer) => {
    entries = answer;
    draw();
  });

const me = await boot('audit.view');
if (me) {
  await load(monthPicker((month) => void load(month)));
  onLang(draw);
}
