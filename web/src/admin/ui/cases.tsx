/** @jsxImportSource hono/jsx */
/** /admin/cases/: the cases of the signed-in person's area, newest first, with filters, paging and CSV export (web/src/admin/pages/cases.ts). */
import type { County } from '../../../../functions/domain/county.ts';
import { said, t, type Key } from '../words.ts';
import { ConsolePage } from './ConsoleDocument.tsx';
import { Choice, Field, FormEnd } from './form.tsx';

const STATUSES = ['received', 'acknowledged', 'in_progress', 'resolved'] as const;
const KINDS = ['tip', 'dispute', 'hazard', 'service', 'help'] as const;
const all = { value: '', label: 'all' } as const;

export function Cases({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="casesTitle" page="cases" county={county} hidden={false}>
      <details class="card" id="filter-box">
        <summary>
          <strong {...said('filters')} />
        </summary>
        <form id="filters" novalidate>
          <div class="filters">
            <Field id="f-month" name="month" label="month" attrs={{ type: 'month', required: true }} />
            <Field id="f-status" name="status" label="status" control="select" errors={false} options={[all, ...STATUSES.map((s) => ({ value: s, label: `status_${s}` as Key }))]} />
            <Field id="f-kind" name="kind" label="kind" control="select" errors={false} options={[all, ...KINDS.map((k) => ({ value: k, label: `kind_${k}` as Key }))]} />
            <Field id="f-village" name="villageId" label="village" control="select" errors={false} options={[all]} />
            <Field id="f-from" name="from" label="from" describedBy="f-range-hint" attrs={{ type: 'date' }} />
            <Field id="f-to" name="to" label="to" describedBy="f-range-hint" attrs={{ type: 'date' }} />
            <p class="note wide" id="f-range-hint" {...said('rangeHint')} />
            <Choice wide input={{ type: 'checkbox', id: 'f-overdue', name: 'overdue', value: 'true' }} label="overdueOnly" />
          </div>
          <FormEnd submit="applyFilters">
            <button class="button secondary" type="button" id="reset" {...said('resetFilters')} />
          </FormEnd>
        </form>
      </details>
      <p>
        <a id="csv" href="/api/v1/admin/cases.csv" download="cases.csv" {...said('exportCsv')} />
      </p>
      <p id="count" aria-live="polite"></p>
      <ol id="list" class="case-list" aria-label={t('caseListLabel')} data-ta="aria-label:caseListLabel"></ol>
      <button class="button secondary" type="button" id="more" hidden {...said('more')} />
    </ConsolePage>
  );
}
