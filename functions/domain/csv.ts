/**
 * CSV cells for spreadsheets. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * is a formula to Excel and WPS (`=HYPERLINK(...)` in an officer's name would come out live), so it
 * gets a leading `'`, which spreadsheets show as text; reading our own export back strips it again.
 * Plain numbers (a phone number `+8613800000000`, `-3`) stay as they are: they compute to themselves.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (`-3`, `+8613800000000`): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** One CSV field: neutralised when a spreadsheet would run it, quoted when it must be. Numbers stay numbers. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' && FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A cell as typed, without the `'` csvCell put in front of a formula-like value. */
export function csvValue(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
