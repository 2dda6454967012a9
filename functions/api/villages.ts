import { Hono } from 'hono/tiny';
import { villageCards } from '../ui/roster.ts';
import type { ApiDeps } from './deps.ts';

/** One village of `GET /api/v1/villages` (public API v1). */
export interface VillageListing {
  readonly id: string;
  readonly name: string;
  readonly township: string;
  readonly stationId: string;
  readonly officer: { readonly name: string };
  readonly assistant: { readonly name: string };
}

/**
 * `GET /api/v1/villages`: the public roster as the table holds it (the console's edits included),
 * without a single personal phone number: each village's contact card (functions/ui/roster.ts), the
 * v1 fields and, added since, `stationName`, `officeName`, `officeHours` and the workstation's
 * published `dutyPhone`: everything a static page shows of a village, so a page built from the
 * county file can show the roster's instead. Cached for at most a minute.
 */
export function villagesRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { county } = await deps.county.get();
    return c.json(villageCards(county), 200, { 'Cache-Control': 'public, max-age=60' });
  });
}
