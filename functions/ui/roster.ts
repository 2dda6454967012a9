/**
 * What the public pages show of the county roster: villages by township and each village's contact
 * card. Pure functions of the county file, used at build time (Astro) and by the server pages.
 * Never a personal phone number: only the workstation's duty phone, which the county publishes.
 */
import type { County } from '../domain/county.ts';
import type { VillageListing } from '../api/villages.ts';

export interface VillageOption {
  readonly id: string;
  readonly name: string;
}

export interface TownshipGroup {
  readonly township: string;
  readonly stationIds: readonly string[];
  readonly villages: readonly VillageOption[];
}

/**
 * Villages grouped by township (from each station), in county-file order. Two stations in the same
 * township share one group.
 */
export function villagesByTownship(county: Pick<County, 'stations'>): TownshipGroup[] {
  const groups = new Map<string, { stationIds: string[]; villages: VillageOption[] }>();
  for (const station of county.stations) {
    let group = groups.get(station.township);
    if (!group) groups.set(station.township, (group = { stationIds: [], villages: [] }));
    group.stationIds.push(station.id);
    for (const office of station.offices) {
      for (const village of office.villages) group.villages.push({ id: village.id, name: village.name });
    }
  }
  return [...groups].map(([township, g]) => ({ township, ...g }));
}

/** The police–resident contact card of a village (警民联系卡). */
export interface VillageCard extends VillageListing {
  readonly stationName: string;
  readonly officeName: string;
  readonly officeHours?: string;
  readonly dutyPhone?: string;
}

export function villageCards(county: Pick<County, 'stations' | 'officers'>): VillageCard[] {
  const officers = new Map(county.officers.map((o) => [o.id, o]));
  return county.stations.flatMap((station) =>
    station.offices.flatMap((office) =>
      office.villages.map((village) => ({
        id: village.id,
        name: village.name,
        township: station.township,
        stationId: station.id,
        stationName: station.name,
        officeName: office.name,
        officer: { name: officers.get(village.officerId)?.name ?? '' },
        assistant: { name: village.assistant.name },
        ...(village.officeHours && { officeHours: village.officeHours }),
        ...(village.dutyPhone && { dutyPhone: village.dutyPhone }),
      })),
    ),
  );
}

/** Villages whose name (or township) contains the text typed, ignoring spaces and case. */
export function findVillages(cards: readonly VillageCard[], query: string): VillageCard[] {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (q === '') return [];
  const byName = cards.filter((v) => v.name.toLowerCase().includes(q) || v.id.includes(q));
  return byName.length > 0 ? byName : cards.filter((v) => v.township.toLowerCase().includes(q));
}
