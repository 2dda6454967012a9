/** Dates and months in the county's time zone, in the reader's language. */
import { lang, TZ } from './lang.ts';

export function when(iso: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang(), { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function wall(at: number): Record<string, number> {
  const out: Record<string, number> = {};
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  for (const p of parts) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** `YYYY-MM` now, in the county. */
export function monthNow(): string {
  const w = wall(Date.now());
  return `${w.year}-${pad(w.month)}`;
}

/** A `datetime-local` value for an instant, in the county. */
export function toLocalInput(at: number): string {
  const w = wall(at);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

function offset(at: number): number {
  const w = wall(at);
  return Date.UTC(w.year!, w.month! - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/** A `datetime-local` value read as county time → ISO instant; undefined if it is not one. */
export function fromLocalInput(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let at = guess - offset(guess);
  const again = guess - offset(at);
  if (again !== at) at = again;
  return new Date(at).toISOString();
}
