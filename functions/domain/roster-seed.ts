/**
 * What a deploy does to the roster (infra/handlers/roster-sync.ts applies it). The county file is
 * where a county starts; once bureau staff have edited or imported the roster in the console, the
 * table is where the people are, and a deploy never overwrites that:
 *
 *   empty table                          → the county file is the roster (`seed`)
 *   last saved by a deploy               → the county file replaces it (`replace`): nobody edited it since
 *   edited in the console since          → `merge`: settings (SLAs, SMS, limits, staff, ...) from the
 *                                          file; stations, offices, villages, officers and the bureau
 *                                          duty desk stay as the console left them
 */
import { isDeepStrictEqual } from 'node:util';
import { parseCounty, type County } from './county.ts';

/** Who saved a roster version: the deploy-time seed, or the console (edits, imports) and local runs. */
export type RosterSource = 'deploy' | 'console';

/** The parts of a county the console edits (roster-edit.ts, roster-import.ts). */
export const CONSOLE_ROSTER_KEYS = ['officers', 'stations', 'bureau'] as const satisfies readonly (keyof County)[];

export interface RosterSeedPlan {
  readonly action: 'seed' | 'replace' | 'merge';
  /** The roster to save. */
  readonly county: County;
  /** `merge` only: the file's people or villages differ from the console's, and the console's were kept. */
  readonly fileRosterIgnored: boolean;
}

export function planRosterSeed(file: County, current: { source: RosterSource; county: County } | undefined): RosterSeedPlan {
  if (!current) return { action: 'seed', county: file, fileRosterIgnored: false };
  if (current.source === 'deploy') return { action: 'replace', county: file, fileRosterIgnored: false };
  const kept = Object.fromEntries(CONSOLE_ROSTER_KEYS.map((key) => [key, current.county[key]]));
  const fileRosterIgnored = CONSOLE_ROSTER_KEYS.some((key) => !isDeepStrictEqual(comparable(file, key), comparable(current.county, key)));
  return { action: 'merge', county: parseCounty({ ...file, ...kept }, 'the county file merged with the roster edited in the console'), fileRosterIgnored };
}

/** A roster part as the table keeps it: officers come back ordered by id, other lists in their order. */
function comparable(county: County, key: (typeof CONSOLE_ROSTER_KEYS)[number]): unknown {
  return key === 'officers' ? county.officers.toSorted((a, b) => (a.id < b.id ? -1 : 1)) : county[key];
}
