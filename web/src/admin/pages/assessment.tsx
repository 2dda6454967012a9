/** @jsxImportSource hono/jsx */
/** /admin/assessment/: GET /assessment?month, a sortable table and an inline SVG bar chart of "acknowledged in time". */
import { byId } from '../dom.ts';
import { render } from '../draw.tsx';
import { monthPicker, showMonth } from '../month.ts';
import { onLang, t } from '../lang.ts';
import { boot } from '../shell.ts';
import type { Assessment, Figures, OfficerAssessment as Row } from '../../../../functions/api/admin/views.ts';
import { NoRows } from '../ui/table.tsx';

const NUMBERS = ['received', 'acknowledged', 'acknowledgedInTime', 'rate', 'resolved', 'escalated', 'ratings', 'averageRating', 'medianAckMinutes'] as const;
type Column = 'name' | 'villages' | (typeof NUMBERS)[number];

let rows: Row[] = [];
let sort: { col: Column; dir: 1 | -1 } = { col: 'rate', dir: -1 };

/** Share acknowledged in time, 0–100, or null without cases. */
const rate = (f: Figures): number | null => (f.received ? Math.round((f.acknowledgedInTime / f.received) * 100) : null);

function value(r: Row, col: Column): string | number | null {
  if (col === 'name') return r.name;
  if (col === 'villages') return r.villages.join('、');
  if (col === 'rate') return rate(r.figures);
  return r.figures[col];
}

function sorted(): Row[] {
  return [...rows].sort((a, b) => {
    const x = value(a, sort.col);
    const y = value(b, sort.col);
    if (x === y) return a.name.localeCompare(b.name, 'zh-CN');
    if (x === null) return 1;
    if (y === null) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * sort.dir;
  });
}

const show = (v: string | number | null, col: Column) => (v === null ? '—' : col === 'rate' ? `${v}%` : String(v));

const ROW_HEIGHT = 28;

/** "Acknowledged in time" per officer as a bar chart, best first (the table below says the same in numbers). */
function Chart({ rows }: { readonly rows: readonly Row[] }) {
  if (rows.length === 0) return <p>{t('noRows')}</p>;
  const list = [...rows].sort((a, b) => (rate(b.figures) ?? -1) - (rate(a.figures) ?? -1));
  return (
    <svg class="chart" viewBox={`0 0 320 ${list.length * ROW_HEIGHT + 4}`} role="img" aria-labelledby="chart-title" aria-describedby="chart-desc">
      {list.map((r, i) => {
        const pct = rate(r.figures);
        const y = i * ROW_HEIGHT + 4;
        return (
          <g>
            <title>{`${r.name}: ${show(pct, 'rate')}`}</title>
            <text x={0} y={y + 15}>
              {r.name}
            </text>
            <rect class="track" x={72} y={y + 2} width={200} height={18} rx={3} />
            {pct !== null && <rect class="bar" x={72} y={y + 2} width={Math.max(pct * 2, pct ? 2 : 0)} height={18} rx={3} />}
            <text x={280} y={y + 15}>
              {show(pct, 'rate')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The officers' rows in the order asked for. */
function OfficerRows({ rows }: { readonly rows: readonly Row[] }) {
  if (rows.length === 0) return <NoRows columns={11} text={t('noRows')} />;
  return (
    <>
      {rows.map((r) => (
        <tr>
          <th scope="row">{r.name}</th>
          <td class="wrap">{r.villages.join('、')}</td>
          {NUMBERS.map((col) => (
            <td>{show(value(r, col), col)}</td>
          ))}
        </tr>
      ))}
    </>
  );
}

function draw(): void {
  for (const th of document.querySelectorAll<HTMLElement>('th[data-col]')) th.setAttribute('aria-sort', th.dataset.col === sort.col ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
  render(byId('chart'), <Chart rows={rows} />);
  render(byId('rows'), <OfficerRows rows={sorted()} />);
}

function load(month: string): Promise<void> {
  (byId('csv') as HTMLAnchorElement).href = `/api/v1/admin/assessment?month=${month}&format=csv`;
  return showMonth<Assessment>(`/admin/assessment?month=${month}`, (answer) => {
    rows = [...answer.officers];
    draw();
  });
}

const me = await boot('assessment.view');
if (me) {
  for (const th of document.querySelectorAll<HTMLElement>('th[data-col]')) {
    th.querySelector('button')!.addEventListener('click', () => {
      const col = th.dataset.col as Column;
      sort = { col, dir: sort.col === col ? (sort.dir === 1 ? -1 : 1) : col === 'name' || col === 'villages' ? 1 : -1 };
      draw();
    });
  }
  await load(monthPicker((month) => void load(month)));
  onLang(draw);
}
