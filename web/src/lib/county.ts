/**
 * The county this site is built for, read at BUILD time from `counties/${COUNTY ?? 'demo'}.json`
 * at the repo root and validated with the same schema the API uses. Nothing here reaches the browser.
 */
import { parseCounty, type County } from '../../../functions/domain/county.ts';

// Lazy loaders, one per county file; only the selected one is loaded. Going through Vite (rather
// than fs + cwd) keeps the path right whatever directory the build is started from.
const files = import.meta.glob<unknown>('../../../counties/*.json', { import: 'default' });

export interface VillageOption {
  readonly id: string;
  readonly name: string;
}

export interface TownshipGroup {
  readonly township: string;
  readonly villages: readonly VillageOption[];
}

let cached: Promise<County> | undefined;

export function loadCounty(): Promise<County> {
  cached ??= (async () => {
    const name = process.env.COUNTY ?? 'demo';
    const source = `counties/${name}.json`;
    const load = files[`../../../${source}`];
    if (!load) {
      const known = Object.keys(files).map((k) => k.replace(/^.*\/(.+)\.json$/, '$1'));
      throw new Error(`COUNTY=${name}: no ${source} (county files: ${known.join(', ') || 'none'})`);
    }
    return parseCounty(await load(), source);
  })();
  return cached;
}

/**
 * Villages grouped by township (from each station), in county-file order. Two stations in the same
 * township share one group.
 */
export function villagesByTownship(county: County): TownshipGroup[] {
  const groups = new Map<string, VillageOption[]>();
  for (const station of county.stations) {
    let list = groups.get(station.township);
    if (!list) groups.set(station.township, (list = []));
    for (const office of station.offices) {
      for (const village of office.villages) list.push({ id: village.id, name: village.name });
    }
  }
  return [...groups].map(([township, villages]) => ({ township, villages }));
}
