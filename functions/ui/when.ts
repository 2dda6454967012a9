/** Dates and times on the public pages, as residents read them, in the county's time zone. */
import type { Locale } from '../domain/county.ts';

/** A date and time (or only the date) as residents read it, in the county's time zone. */
export function formatWhen(locale: Locale, timezone: string, iso: string, withTime = true): string {
  return new Intl.DateTimeFormat(locale, { timeZone: timezone, dateStyle: 'medium', ...(withTime && { timeStyle: 'short' }) }).format(new Date(iso));
}
