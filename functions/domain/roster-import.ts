/**
 * Roster import from the CSV counties keep: one row per village — township, village, officer,
 * officer phone, assistant, assistant phone, and optionally the village's information officers
 * (信息员: `name phone; name phone`, replacing the village's list; without the column they stay). The whole file is checked first; any bad row (named by
 * its line number) means nothing changes. A good file yields the new roster and a preview of what
 * changes, to be applied in one step.
 */
import { csvCell, csvValue } from './csv.ts';
// d3-dsv's RFC 4180 reader: a few KB in the admin bundle where csv-parse took 30 KB.
import { csvParseRows } from 'd3-dsv';
import { normalisePhone } from './phone.ts';
import { parseCounty, CountyFileError, type County, type Officer } from './county.ts';

const COLUMNS = ['township', 'village', 'officer', 'officerPhone', 'assistant', 'assistantPhone'] as const;

/** Header names counties use, in Chinese or English. */
const HEADER_ALIASES: Record<string, (typeof COLUMNS)[number]> = {
  township: 'township', 乡镇: 'township', 乡镇街道: 'township', 镇: 'township',
  village: 'village', 村: 'village', 村社区: 'village', '村（社区）': 'village', 村名: 'village',
  officer: 'officer', 民警: 'officer', 驻村民警: 'officer',
  'officer phone': 'officerPhone', officerphone: 'officerPhone', 民警电话: 'officerPhone', 民警手机: 'officerPhone',
  assistant: 'assistant', 警务助理: 'assistant', 助理: 'assistant',
  'assistant phone': 'assistantPhone', assistantphone: 'assistantPhone', 警务助理电话: 'assistantPhone', 助理电话: 'assistantPhone', 警务助理手机: 'assistantPhone',
};
/** The optional column of information officers. */
const INFORMANT_HEADERS = new Set(['informants', 'information officers', '信息员']);

export interface RowError {
  /** Line in the file, counting the header as line 1. */
  readonly line: number;
  readonly field?: string;
  readonly message: string;
}

export interface RosterChange {
  readonly villageId: string;
  readonly village: string;
  readonly officer?: { readonly from: string; readonly to: string };
  readonly assistant?: { readonly from: string; readonly to: string };
  readonly informants?: { readonly from: string; readonly to: string };
}

export type ImportResult =
  | { readonly ok: true; readonly county: County; readonly changes: readonly RosterChange[]; readonly rows: number }
  | { readonly ok: false; readonly errors: readonly RowError[] };

const PHONE = /^(\+[1-9]\d{6,14}|1\d{10})$/;

export function importRosterCsv(county: County, csv: string): ImportResult {
  // Cells trimmed, empty lines skipped, rows of any length (a short row fails on its missing cells).
  const records = csvParseRows(csv.replace(/^\uFEFF/, ''), (row) => (row.length === 1 && row[0]!.trim() === '' ? null : row.map((cell) => cell.trim())));
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? HEADER_ALIASES[h.trim()]);
  const missing = COLUMNS.filter((c) => !columns.includes(c));
  const informantColumn = header.findIndex((h) => INFORMANT_HEADERS.has(h.trim().toLowerCase()));
  if (missing.length > 0) {
    return { ok: false, errors: [{ line: 1, message: `the header needs the columns ${COLUMNS.join(', ')} (or 乡镇, 村, 民警, 民警电话, 警务助理, 警务助理电话); missing: ${missing.join(', ')}` }] };
  }

  const next = structuredClone(county) as County & { officers: Officer[] };
  const officersByPhone = new Map(next.officers.map((o) => [o.phone, o]));
  const errors: RowError[] = [];
  const changes: RosterChange[] = [];
  const seenVillages = new Map<string, number>();

  rows.forEach((row, index) => {
    const line = index + 2;
    const value = (column: (typeof COLUMNS)[number]) => csvValue((row[columns.indexOf(column)] ?? '').trim());
    const fail = (field: string, message: string) => errors.push({ line, field, message });

    const station = next.stations.find((s) => s.township === value('township'));
    if (!station) return fail('township', `no township "${value('township')}" in the county`);
    const found = station.offices.flatMap((o) => o.villages).find((v) => v.name === value('village'));
    if (!found) return fail('village', `no village "${value('village')}" in ${station.township}; add new villages in the county file`);
    const previousLine = seenVillages.get(found.id);
    if (previousLine) return fail('village', `village "${found.name}" is already on line ${previousLine}`);
    seenVillages.set(found.id, line);

    let rowOk = true;
    for (const [nameCol, phoneCol] of [['officer', 'officerPhone'], ['assistant', 'assistantPhone']] as const) {
      if (!value(nameCol)) {
        fail(nameCol, 'is required');
        rowOk = false;
      } else if (value(nameCol).length > 40) {
        fail(nameCol, 'at most 40 characters');
        rowOk = false;
      }
      if (!PHONE.test(value(phoneCol).replace(/[\s-]/g, ''))) {
        fail(phoneCol, `"${value(phoneCol)}" is not a mobile number such as 13800000000 or +8613800000000`);
        rowOk = false;
      }
    }
    const informants: { name: string; phone: string }[] = [];
    if (informantColumn >= 0) {
      for (const part of csvValue((row[informantColumn] ?? '').trim()).split(/[;；]/).map((x) => x.trim()).filter(Boolean)) {
        const match = /^(.+?)\s+(\+?[\d\s-]+)$/.exec(part);
        const phone = match ? match[2]!.replace(/[\s-]/g, '') : '';
        if (!match || !PHONE.test(phone) || match[1]!.length > 40) {
          fail('informants', `"${part}" is not a name and a mobile number such as 李梅 13600007001`);
          rowOk = false;
        } else informants.push({ name: match[1]!.trim(), phone: normalisePhone(phone) });
      }
    }
    if (!rowOk) return;

    const officerPhone = normalisePhone(value('officerPhone').replace(/[\s-]/g, ''));
    let officer = officersByPhone.get(officerPhone);
    if (!officer) {
      officer = { id: `officer-${officerPhone.slice(-8)}`, name: value('officer'), phone: officerPhone };
      next.officers.push(officer);
      officersByPhone.set(officerPhone, officer);
    } else if (officer.name !== value('officer')) {
      fail('officer', `phone ${officerPhone} belongs to ${officer.name}; one phone, one officer`);
      return;
    }
    const previousOfficer = county.officers.find((o) => o.id === found.officerId);
    const assistant = { name: value('assistant'), phone: normalisePhone(value('assistantPhone').replace(/[\s-]/g, '')) };
    const change: RosterChange = {
      villageId: found.id,
      village: found.name,
      ...(found.officerId !== officer.id && { officer: { from: previousOfficer?.name ?? found.officerId, to: officer.name } }),
      ...((found.assistant.name !== assistant.name || found.assistant.phone !== assistant.phone) && {
        assistant: { from: found.assistant.name, to: assistant.name },
      }),
      ...(informantColumn >= 0 && JSON.stringify(found.informants) !== JSON.stringify(informants) && {
        informants: { from: found.informants.map((i) => i.name).join('、'), to: informants.map((i) => i.name).join('、') },
      }),
    };
    if (informantColumn >= 0) (found as { informants: typeof informants }).informants = informants;
    (found as { officerId: string }).officerId = officer.id;
    (found as { assistant: typeof assistant }).assistant = assistant;
    if (change.officer || change.assistant || change.informants) changes.push(change);
  });

  if (rows.length === 0) errors.push({ line: 2, message: 'the file has a header but no rows' });
  if (errors.length > 0) return { ok: false, errors };
  try {
    return { ok: true, county: parseCounty(next, 'imported roster'), changes, rows: rows.length };
  } catch (error) {
    if (error instanceof CountyFileError) return { ok: false, errors: error.issues.map((i) => ({ line: 1, message: `${i.path}: ${i.message}` })) };
    throw error;
  }
}

/** The county's roster in the import format, to download, edit and import again. */
export function exportRosterCsv(county: County): string {
  const officers = new Map(county.officers.map((o) => [o.id, o]));
  const lines = ['township,village,officer,officer phone,assistant,assistant phone,informants'];
  for (const station of county.stations) for (const office of station.offices) for (const v of office.villages) {
    const officer = officers.get(v.officerId);
    lines.push([station.township, v.name, officer?.name ?? '', officer?.phone ?? '', v.assistant.name, v.assistant.phone, v.informants.map((i) => `${i.name} ${i.phone}`).join('; ')].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
