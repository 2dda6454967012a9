import { Hono } from 'hono/tiny';
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

/** `GET /api/v1/villages`: the public roster, without a single phone number. */
export function villagesRoutes(deps: ApiDeps): Hono {
  return new Hono().get('/', async (c) => {
    const { villages } = await deps.county.get();
    const body = [...villages.values()].map(({ village, station, officer }): VillageListing => ({
      id: village.id,
      name: village.name,
      township: station.township,
      stationId: station.id,
      officer: { name: officer.name },
      assistant: { name: village.assistant.name },
    }));
    return c.json(body, 200, { 'Cache-Control': 'public, max-age=60' });
  });
}
