/** /admin/assessment/: GET /assessment?month, a sortable table and an inline SVG bar chart of "acknowledged in time". */
import { api, errorText } from '../api.ts';
import { byId, h, put, svg } from '../dom.ts';
import { showError } from '../forms.ts';
import { monthPicker } from '../month.ts';
import { onLang, t } from '../lang.ts';
import { boot, status, statusText } from '../shell.ts';
import type { Assessment, Figures, OfficerAssessment as Row } from '../../../../functions/api/admin/views.ts';

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

function chart(): SVGElement | HTMLElement {
  if (rows.length === 0) return h('p', null, t('noRows'));
  const list = [...rows].sort((a, b) => (rate(b.figures) ?? -1) - (rate(a.figures) ?? -1));
  const rowH = 28;
  const height = list.length * rowH + 4;
  return svg(
    'svg',
    { class: 'chart', viewBox: `0 0 320 ${height}`, role: 'img', 'aria-labelledby': 'chart-title', 'aria-describedby': 'chart-desc' },
    list.map((r, i) => {
      const pct = rate(r.figures);
      const y = i * rowH + 4;
      return svg(
        'g',
        null,
        svg('title', null, `${r.name}: ${show(pct, 'rate')}`),
        svg('text', { x: 0, y: y + 15 }, r.name),
        svg('rect', { class: 'track', x: 72, y: y + 2, width: 200, height: 18, rx: 3 }),
        pct !== null && svg('rect', { class: 'bar', x: 72, y: y + 2, width: Math.max(pct * 2, pct ? 2 : 0), height: 18, rx: 3 }),
        svg('text', { x: 280, y: y + 15 }, show(pct, 'rate')),
      );
    }),
  );
}

function render(): void {
  for (const th of document.querySelectorAll<HTMLElement>('th[data-col]')) th.setAttribute('aria-sort', th.dataset.col === sort.col ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
  put(byId('chart'), chart());
  put(
    byId('rows'),
    rows.length === 0
      ? h('tr', null, h('td', { colspan: 11, class: 'wrap' }, t('noRows')))
      : sorted().map((r) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, r.name),
            h('td', { class: 'wrap' }, r.villages.join('、')),
            NUMBERS.map((col) => h('td', null, show(value(r, col), col))),
          ),
        ),
  );
}

async function load(month: string): Promise<void> {
  status('loading');
  (byId('csv') as HTMLAnchorElement).href = `/api/v1/admin/assessment?month=${month}&format=csv`;
  try {
    rows = [...(await api<Assessment>(`/admin/assessment?month=${month}`)).officers];
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

const me = await boot('assessment.view');
if (me) {
  for (const th of document.querySelectorAll<HTMLElement>('th[data-col]')) {
    th.querySelector('button')!.addEventListener('click', () => {
      const col = th.dataset.col as Column;
      sort = { col, dir: sort.col === col ? (sort.dir === 1 ? -1 : 1) : col === 'name' || col === 'villages' ? 1 : -1 };
      render();
    });
  }
  await load(monthPicker((month) => void load(month)));
  onLang(render);
}
