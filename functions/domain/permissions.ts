/**
 * Who may do what, once. Every admin route, the officer's case page (one-tap link or inbox), the
 * inbox's list and the console (to show or hide what it offers) ask `can(who, action, case)`; the
 * server asks again whatever the console showed.
 *
 * The rules are about people: their role, their area, and what kind of case it is (an assistant never
 * sees a tip). Whether an action fits the case's state (acknowledging a case twice, rewarding a case
 * that is not a tip) is the action's own business (functions/domain/officer.ts). Pure TypeScript with
 * type imports only, so the console's browser code can import it.
 */
import type { AdminRole, Principal } from './auth.ts';
import type { Actor, CaseRecord } from './case.ts';
import type { County } from './county.ts';

/** What someone may do with one case. `progress` and `resolve` are the two status changes. */
export const CASE_ACTIONS = ['view', 'acknowledge', 'reply', 'note', 'progress', 'resolve', 'ask', 'reward', 'payout', 'transfer', 'escalate', 'assign'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What someone may do in the console beside cases. */
export const CONSOLE_ACTIONS = ['file', 'roster.view', 'roster.edit', 'roster.export', 'roster.import', 'alerts.publish', 'assessment.view', 'audit.view', 'devices.manage'] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

export type Action = CaseAction | ConsoleAction;

/** A signed-in person (console, inbox): their role and their area. */
export type AreaWho = Pick<Principal, 'role' | 'villageIds' | 'officerId' | 'officeId' | 'stationId'>;

/**
 * Who asks: a signed-in person with their area, or someone a case was opened for (`opened: true`):
 * by a one-tap link, which is its own area (it opens its one case, and only while the roster gives its
 * post to its phone: functions/domain/officer.ts `linkHolder`), or by a route that checked the area.
 */
export type Who = AreaWho | { readonly role: Actor['role']; readonly opened: true };

/** What of a case the rules read. */
export type CaseFacts = Pick<CaseRecord, 'kind' | 'villageId' | 'officeId' | 'stationId' | 'officerId'>;

/** What of the county the rules read. @default - assistants resolve nothing */
export type CountyRules = Pick<County, 'assistantsCloseServiceCases'>;

const VILLAGE: readonly AdminRole[] = ['officer', 'assistant', 'office', 'station', 'bureau'];
const CHAIN: readonly AdminRole[] = ['officer', 'office', 'station', 'bureau'];
const ABOVE_VILLAGE: readonly AdminRole[] = ['office', 'station', 'bureau'];

/**
 * The rule table: the roles that may do each action at all. Assistants acknowledge, reply, note and
 * move a case along, and never see tips; the officer reports up but hands nothing down; the chain
 * above the village may do everything but the bureau reports up to no one; the station (or the
 * bureau) pays rewards out; an information officer files cases for residents and handles none.
 */
export const ROLES_MAY: Readonly<Record<Action, readonly AdminRole[]>> = {
  view: VILLAGE,
  acknowledge: VILLAGE,
  reply: VILLAGE,
  note: VILLAGE,
  progress: VILLAGE,
  // Assistants too where the county lets small matters stay in the village: see `can`.
  resolve: CHAIN,
  ask: CHAIN,
  reward: CHAIN,
  payout: ['station', 'bureau'],
  transfer: CHAIN,
  escalate: ['officer', 'office', 'station'],
  assign: ABOVE_VILLAGE,
  file: ['informant'],
  'roster.view': ABOVE_VILLAGE,
  // Each within their area: functions/domain/roster-edit.ts `mayEdit`.
  'roster.edit': ABOVE_VILLAGE,
  'roster.export': ['bureau'],
  'roster.import': ['bureau'],
  'alerts.publish': ['station', 'bureau'],
  'assessment.view': CHAIN,
  'audit.view': ['bureau'],
  // The phones signed in to the officer inbox: one's own, and a chief's people's (`mayManageDevices`).
  'devices.manage': VILLAGE,
};

/** Why not, as the API's 403 says it. */
export const FORBIDDEN: Readonly<Record<ConsoleAction, string>> = {
  file: 'filing cases for residents is for village information officers',
  'roster.view': 'the roster is for office, station and bureau staff',
  'roster.edit': 'this part of the roster is outside your area',
  'roster.export': 'only bureau staff export the roster',
  'roster.import': 'only bureau staff import the roster',
  'alerts.publish': 'alerts are published by station and bureau staff',
  'assessment.view': 'the assessment is for officers and their chiefs',
  'audit.view': 'the audit log is for bureau staff',
  'devices.manage': 'signed-in phones are for officers, assistants and their chiefs',
};

const isRole = (role: Actor['role']): role is AdminRole => role !== 'resident' && role !== 'system';

/** An assistant (a villager) never sees a tip: it could expose the tipster to his neighbours. */
export const seesTips = (role: AdminRole): boolean => role !== 'assistant';

/** Whether a case is in a person's area (their figures follow this). Tips are never an assistant's. */
export function inScope(p: AreaWho, c: CaseFacts): boolean {
  switch (p.role) {
    case 'bureau':
      return true;
    case 'station':
      return c.stationId === p.stationId;
    case 'office':
      return c.officeId === p.officeId;
    case 'officer':
      return c.officerId === p.officerId || (p.villageIds ?? []).includes(c.villageId);
    case 'assistant':
      return (c.kind !== 'tip' || seesTips(p.role)) && (p.villageIds ?? []).includes(c.villageId);
    case 'informant':
      // An information officer files cases; he does not follow them (the resident does, with the tracking code).
      return false;
  }
}

/**
 * Whether a person may open and act on a case now: it is in their area and, for an officer, in a
 * village the roster gives them now (a village handed to another officer takes its cases along; the
 * figures of the months they held it stay theirs, see `inScope`).
 */
export function mayHandle(p: AreaWho, c: CaseFacts): boolean {
  return p.role === 'officer' ? (p.villageIds ?? []).includes(c.villageId) : inScope(p, c);
}

/**
 * Whether `who` may do `action`, on case `c` when the action is about a case (without `c`, whether
 * their role may do it at all: what the console offers before a case is open).
 */
export function can(who: Who, action: Action, c?: CaseFacts, county?: CountyRules): boolean {
  if (!isRole(who.role)) return false;
  const role = who.role;
  const byRole =
    ROLES_MAY[action].includes(role) ||
    // 小事不出村: the village's assistant resolves its service requests where the county says so.
    (action === 'resolve' && role === 'assistant' && county?.assistantsCloseServiceCases === true && (c === undefined || c.kind === 'service'));
  if (!byRole || c === undefined) return byRole;
  if (c.kind === 'tip' && !seesTips(role)) return false;
  return 'opened' in who || mayHandle(who, c);
}

/** Whether `p` may see and revoke the device sessions of `target`. */
export function mayManageDevices(county: Pick<County, 'stations'>, p: Principal, target: Principal): boolean {
  if (p.id === target.id || p.role === 'bureau') return true;
  if (p.role !== 'office' && p.role !== 'station') return false;
  const inArea = (stationId: string, officeId: string) => (p.role === 'station' ? stationId === p.stationId : officeId === p.officeId);
  if (target.role === 'office') return p.role === 'station' && target.stationId === p.stationId;
  if (target.role !== 'officer' && target.role !== 'assistant') return false;
  const villages = new Set(target.villageIds ?? []);
  return county.stations.some((s) => s.offices.some((o) => inArea(s.id, o.id) && o.villages.some((v) => villages.has(v.id))));
}
