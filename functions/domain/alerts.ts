/**
 * Public alerts (anti-fraud and safety bulletins) published by the bureau or a station, shown on the
 * alerts page and on the village pages of their scope until they expire.
 */
import * as z from 'zod/mini';
import { text } from './z.ts';

export const AlertSchema = z.object({
  title: text(2, 60, { min: 'at least 2 characters', max: 'at most 60 characters' }),
  body: text(5, 2000, { min: 'at least 5 characters', max: 'at most 2000 characters' }),
  /** Whole county, or one station's area. */
  stationId: z.pipe(
    z.transform((v: unknown) => (v === '' ? undefined : v)),
    z.optional(z.string().check(z.maxLength(40))),
  ),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be a date and time, e.g. 2026-12-31T23:59:00+08:00' }),
});
export type AlertInput = z.output<typeof AlertSchema>;

export interface Alert {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  /** Absent: the whole county. */
  readonly stationId?: string;
  readonly publishedAt: string;
  readonly expiresAt: string;
  /** Who published it (name and role), shown as the source. */
  readonly publishedBy: string;
}

export interface AlertStore {
  publish(alert: Alert): Promise<void>;
  /** Newest first, at most `limit`, including expired ones (the caller filters). */
  recent(limit: number): Promise<Alert[]>;
}

/** Alerts in force now, newest first; with a station, only county-wide ones and that station's. */
export function activeAlerts(alerts: readonly Alert[], now: Date, stationId?: string): Alert[] {
  const at = now.toISOString();
  return alerts.filter((a) => a.expiresAt > at && a.publishedAt <= at && (stationId === undefined || a.stationId === undefined || a.stationId === stationId));
}
