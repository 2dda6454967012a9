/** @jsxImportSource hono/jsx */
/** /admin/assessment/: the month's figures per officer (an officer sees their own row), sortable, with a bar chart and CSV (web/src/admin/pages/assessment.ts). */
import type { County } from '../../../../functions/domain/county.ts';
import { said, type Key } from '../words.ts';
import { Card, ConsolePage } from './ConsoleDocument.tsx';
import { MonthForm } from './form.tsx';
import { TableCard } from './table.tsx';

const COLUMNS: readonly { readonly key: string; readonly label: Key; readonly wrap?: boolean }[] = [
  { key: 'name', label: 'colOfficer' },
  { key: 'villages', label: 'colVillage', wrap: true },
  { key: 'received', label: 'colReceived' },
  { key: 'acknowledged', label: 'colAcknowledged' },
  { key: 'acknowledgedInTime', label: 'colInTime' },
  { key: 'rate', label: 'colInTimeRate' },
  { key: 'resolved', label: 'colResolved' },
  { key: 'escalated', label: 'colEscalations' },
  { key: 'ratings', label: 'colRatings' },
  { key: 'averageRating', label: 'colAverage' },
  { key: 'medianAckMinutes', label: 'colMedian' },
];

export function Assessment({ county }: { readonly county: County }) {
  return (
    <ConsolePage title="assessmentTitle" page="assessment" county={county}>
      <MonthForm />
      <p>
        <a id="csv" href="/api/v1/admin/assessment?format=csv" {...said('exportAssessment')} />
      </p>
      <Card titleId="chart-title" title="chartTitle">
        <p class="note" id="chart-desc" {...said('chartDesc')} />
        <div id="chart"></div>
      </Card>
      <TableCard
        titleId="table-title"
        title="assessmentTitle"
        note={<span {...said('tableScroll')} />}
        head={COLUMNS.map((c) => (
          <th scope="col" class={c.wrap ? 'wrap' : undefined} aria-sort="none" data-col={c.key}>
            <button type="button" {...said(c.label)} />
          </th>
        ))}
      />
    </ConsolePage>
  );
}
