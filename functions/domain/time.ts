/** Calendar dates in the county's time zone: a case's year and month, and the start of a day. */

/** The calendar year of an instant in the county's time zone (a case sent at 00:30 on 1 January belongs to the new year). */
export function yearIn(timezone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: timezone, year: 'numeric' }).format(at));
}

/** Midnight at the start of a calendar date (YYYY-MM-DD) in a time zone, as an instant. */
export function startOfDayIn(timezone: string, date: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset at that moment: how far its wall clock is from UTC.
  const wall = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(guess);
  const part = (type: string) => Number(wall.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return new Date(guess - (asUtc - guess));
}

/** The calendar month (YYYY-MM) of an instant in the county's time zone. */
export function monthIn(timezone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en', { timeZone: timezone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}
