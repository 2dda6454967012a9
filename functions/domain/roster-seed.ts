/**
 * What a deploy does to the roster (infra/handlers/roster-sync.ts applies it; `npm run
 * roster:preview` shows it beforehand). The county file is where a county starts; once bureau staff
 * have edited or imported the roster in the console, the table is where the people are, and a
 * deploy never overwrites that:
 *
 *   empty table                          → the county file is the roster (`seed`)
 *   last saved by a deploy               → the county file replaces it (`replace`): nobody edited it since
 *   edited in the console since          → `merge`: settings (SLAs, SMS, limits, staff, ...) from the
 *                                          file; stations, offices, villages, officers and the bureau
 *                                          duty desk stay as the console left them, and what the file
 *                                          ADDS since the last deploy (a station, an office, a village,
 *                                          an officer, by id) is added to them
 *
 * "Added since the last deploy" needs the ids of the county file that deploy synchronised: an id the
 * console does not have is new only if that file did not have it either (otherwise the console
 * removed it, and it stays removed). Without them (a table no deploy recorded them in) nothing is added.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseCounty, type County } from './county.ts';

/**
 * Whose people and villages a roster version holds: the county file's (saved by a deploy that
 * seeded or replaced it, or merged with a console roster that agrees with the file), or the
 * console's (edits, imports, local runs, and a deploy's merge that kept console edits the file
 * does not have). A deploy replaces only the first kind.
 */
export type RosterSource = 'deploy' | 'console';

/** The parts of a county the console edits (roster-edit.ts, roster-import.ts). */
export const CONSOLE_ROSTER_KEYS = ['officers', 'stations', 'bureau'] as const satisfies readonly (keyof County)[];

/** Ids of what a merge added from the county file to the console's roster. */
export interface RosterAdditions {
  readonly stations: readonly string[];
  readonly offices: readonly string[];
  readonly villages: readonly string[];
  readonly officers: readonly string[];
}

export interface RosterSeedPlan {
  readonly action: 'seed' | 'replace' | 'merge';
  /** The roster to save. */
  readonly county: County;
  /** `merge` only: what the file added since the last deploy, now in the roster too. */
  readonly added: RosterAdditions;
  /**
   * `merge` only: the file's people or villages still differ from the roster saved (changes to
   * what the console has, or removals), and the console's were kept.
   */
  readonly fileRosterIgnored: boolean;
  /** Whose roster the saved version is: the console's while a merge kept edits the file does not have. */
  readonly source: RosterSource;
}

/** The roster in the table: whose it is, and the ids of the county file the last deploy synchronised, when known. */
export interface CurrentRoster {
  readonly source: RosterSource;
  readonly county: County;
  /** `rosterIds` of the county file the last deploy synchronised (the merge's base); unknown for a table saved before they were recorded. */
  readonly deployedIds?: ReadonlySet<string> | undefined;
}

const NOTHING_ADDED: RosterAdditions = { stations: [], offices: [], villages: [], officers: [] };

export function planRosterSeed(file: County, current: CurrentRoster | undefined): RosterSeedPlan {
  if (!current) return { action: 'seed', county: file, added: NOTHING_ADDED, fileRosterIgnored: false, source: 'deploy' };
  if (current.source === 'deploy') return { action: 'replace', county: file, added: NOTHING_ADDED, fileRosterIgnored: false, source: 'deploy' };
  const { roster, added } = current.deployedIds ? addNew(file, current.county, current.deployedIds) : { roster: keptParts(current.county), added: NOTHING_ADDED };
  const county = parseCounty({ ...file, ...roster }, 'the county file merged with the roster edited in the console');
  const fileRosterIgnored = CONSOLE_ROSTER_KEYS.some((key) => !isDeepStrictEqual(comparable(file, key), comparable(county, key)));
  return { action: 'merge', county, added, fileRosterIgnored, source: fileRosterIgnored ? 'console' : 'deploy' };
}

type RosterParts = Pick<County, (typeof CONSOLE_ROSTER_KEYS)[number]>;

const keptParts = (county: County): RosterParts => ({ officers: county.officers, stations: county.stations, bureau: county.bureau });

/**
 * A roster's parts by id (`officer:…`, `station:…`, `office:…`, `village:…`, and `bureau:bureau`),
 * each with its own fields and where it sits (a village's office, an office's station).
 */
function rosterEntries(county: County): Map<string, unknown> {
  const map = new Map<string, unknown>(county.officers.map((o) => [`officer:${o.id}`, o]));
  for (const station of county.stations) {
    const { offices, ...stationFields } = station;
    map.set(`station:${station.id}`, stationFields);
    for (const office of offices) {
      const { villages, ...officeFields } = office;
      map.set(`office:${office.id}`, { ...officeFields, stationId: station.id });
      for (const village of villages) map.set(`village:${village.id}`, { ...village, officeId: office.id });
    }
  }
  map.set('bureau:bureau', county.bureau);
  return map;
}

/** Every id a roster's stations, offices, villages and officers use, as `station:…`, `office:…`, `village:…`, `officer:…`. */
export function rosterIds(county: County): Set<string> {
  return new Set([...rosterEntries(county).keys()].filter((key) => !key.startsWith('bureau:')));
}

/**
 * The console's roster plus what `file` has and neither the console nor the file the last deploy
 * synchronised (`base`, its ids) had: new officers; new stations (with their offices and villages
 * the console does not have); new offices in stations the console has; new villages in offices the
 * console has (wherever the console has moved those offices). The console's order is kept;
 * additions come after.
 */
function addNew(file: County, console: County, base: ReadonlySet<string>): { roster: RosterParts; added: RosterAdditions } {
  const known = new Set([...rosterIds(console), ...base]);
  const isNew = (kind: string, id: string) => !known.has(`${kind}:${id}`);
  const added = { stations: [] as string[], offices: [] as string[], villages: [] as string[], officers: [] as string[] };
  const newVillages = (villages: County['stations'][number]['offices'][number]['villages']) => villages.filter((v) => isNew('village', v.id));
  const newOffices = (offices: County['stations'][number]['offices']) =>
    offices.filter((o) => isNew('office', o.id)).map((o) => ({ ...o, villages: newVillages(o.villages) })).filter((o) => o.villages.length > 0);
  const stations = console.stations.map((station) => ({
    ...station,
    offices: station.offices.map((office) => {
      const fileOffice = file.stations.flatMap((s) => s.offices).find((o) => o.id === office.id);
      const villages = fileOffice ? newVillages(fileOffice.villages) : [];
      added.villages.push(...villages.map((v) => v.id));
      return villages.length ? { ...office, villages: [...office.villages, ...villages] } : office;
    }),
  }));
  for (const fileStation of file.stations) {
    const offices = newOffices(fileStation.offices);
    const into = stations.find((s) => s.id === fileStation.id);
    if (into) into.offices.push(...offices);
    else if (isNew('station', fileStation.id) && offices.length > 0) {
      stations.push({ ...fileStation, offices });
      added.stations.push(fileStation.id);
    } else continue;
    added.offices.push(...offices.map((o) => o.id));
    added.villages.push(...offices.flatMap((o) => o.villages.map((v) => v.id)));
  }
  const officers = file.officers.filter((o) => isNew('officer', o.id));
  added.officers.push(...officers.map((o) => o.id));
  return { roster: { ...keptParts(console), stations, officers: [...console.officers, ...officers] }, added };
}

/** A roster part as the table keeps it: officers come back ordered by id, other lists in their order. */
function comparable(county: County, key: (typeof CONSOLE_ROSTER_KEYS)[number]): unknown {
  return key === 'officers' ? county.officers.toSorted((a, b) => (a.id < b.id ? -1 : 1)) : county[key];
}

/** One way a roster's people or villages differ from the county file's, by id. */
export interface RosterDifference {
  readonly kind: 'station' | 'office' | 'village' | 'officer' | 'bureau';
  readonly id: string;
  /** `only-in-file`: the console removed it (or never had it); `only-in-roster`: the console added it; `changed`: both have it, differently. */
  readonly how: 'only-in-file' | 'only-in-roster' | 'changed';
}

/** Every station, office, village and officer (and the bureau duty desk) that `roster` and `file` hold differently. */
export function rosterDifferences(file: County, roster: County): RosterDifference[] {
  const inFile = rosterEntries(file);
  const inRoster = rosterEntries(roster);
  const out: RosterDifference[] = [];
  for (const key of new Set([...inFile.keys(), ...inRoster.keys()])) {
    const [kind, id] = key.split(':') as [RosterDifference['kind'], string];
    const a = inFile.get(key);
    const b = inRoster.get(key);
    if (a === undefined) out.push({ kind, id, how: 'only-in-roster' });
    else if (b === undefined) out.push({ kind, id, how: 'only-in-file' });
    else if (!isDeepStrictEqual(a, b)) out.push({ kind, id, how: 'changed' });
  }
  return out;
}
