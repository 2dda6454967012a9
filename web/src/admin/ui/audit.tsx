/** @jsxImportSource hono/jsx */
/** /admin/audit/: the month's audit log (bureau staff only), newest first (web/src/admin/pages/audit.ts). */
import type { County } from '../../../../functions/domain/county.ts';
import { said } from '../words.ts';
import { ConsolePage } from './ConsoleDocument.tsx';
import { MonthForm } from './form.tsx';
import { Columns, TableCard } from './table.tsx';

export function Audit({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="auditTitle" page="audit" county={county}>
      <MonthForm />
      <TableCard
        titleId="log-title"
        title="auditTitle"
        note={
          <>
            <span {...said('auditLimit', { n: 500 })} /> <span {...said('tableScroll')} />
          </>
        }
        head={<Columns columns={[{ label: 'colTime' }, { label: 'colWho', wrap: true }, { label: 'colAction', wrap: true }, { label: 'colCase', wrap: true }, { label: 'colDetail', wrap: true }, { label: 'colIp', wrap: true }]} />}
      />
    </ConsolePage>
  );
}
