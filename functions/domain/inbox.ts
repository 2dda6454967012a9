/**
 * The officer inbox (`/o/`): where a person who signed in on their phone finds the open cases that
 * are theirs to handle, most urgent and oldest first. An officer's and an assistant's are the open
 * cases of their villages (never a tip for an assistant); a central office's and a station's are the
 * open cases of their area that climbed to their level. The bureau duty desk works from the console.
 * Each village is one bounded read of the byOpen index, whatever the number of cases stored; then one
 * batch read of the SLA deadline of the unacknowledged cases shown (whether they are overdue, as the
 * console says: `isOverdue`).
 */
import type { Principal } from './auth.ts';
import { can } from './permissions.ts';
import type { CaseRecord, EscalationLevel } from './case.ts';
import type { County } from './county.ts';
import type { CaseStore } from './ports.ts';

/**
 * What the inbox shows of a case: the byOpen index's projection, and the SLA deadline of a case not
 * yet acknowledged, which says whether it is overdue (`isOverdue`, the console's rule).
 */
export type InboxCase = Pick<CaseRecord, 'caseNumber' | 'kind' | 'status' | 'urgent' | 'villageId' | 'officeId' | 'stationId' | 'officerId' | 'level' | 'createdAt' | 'escalateAt' | 'description'> &
  Partial<Pick<CaseRecord, 'slaDueAt'>>;

export { INBOX_PATH } from './links.ts';

/** Cases shown at most; past it the inbox says so and points to the console. */
export const INBOX_LIMIT = 50;

/** More villages than this (a large station) make the inbox too many reads: the console serves them. */
export const INBOX_MAX_VILLAGES = 40;

export interface InboxScope {
  readonly villageIds: readonly string[];
  /** The lowest escalation level shown: 1 (everything) for the village's own people. */
  readonly minLevel: EscalationLevel;
}

/** Which villages' open cases a person's inbox reads; undefined for people whose area is too wide for it. */
export function inboxScope(county: County, p: Principal): InboxScope | undefined {
  const villagesWhere = (keep: (stationId: string, officeId: string) => boolean) =>
    county.stations.flatMap((s) => s.offices.flatMap((o) => (keep(s.id, o.id) ? o.villages.map((v) => v.id) : [])));
  let scope: InboxScope | undefined;
  switch (p.role) {
    case 'officer':
    case 'assistant':
      scope = { villageIds: p.villageIds ?? [], minLevel: 1 };
      break;
    case 'office':
      scope = { villageIds: villagesWhere((_s, o) => o === p.officeId), minLevel: 2 };
      break;
    case 'station':
      scope = { villageIds: villagesWhere((s) => s === p.stationId), minLevel: 3 };
      break;
    case 'bureau':
    case 'informant':
      // An information officer files cases; he follows none (the console's filing page is his).
      return undefined;
  }
  return scope.villageIds.length <= INBOX_MAX_VILLAGES ? scope : undefined;
}

/** Urgent first, then the oldest. */
export function inboxOrder(a: InboxCase, b: InboxCase): number {
  return Number(b.urgent) - Number(a.urgent) || a.createdAt.localeCompare(b.createdAt) || a.caseNumber.localeCompare(b.caseNumber);
}

export interface Inbox {
  readonly cases: readonly InboxCase[];
  /** More open cases exist than shown. */
  readonly more: boolean;
}

/** The person's open cases, most urgent and oldest first; undefined when their area is the console's. */
export async function readInbox(deps: { readonly cases: Pick<CaseStore, 'openCases' | 'slaDeadlines'> }, county: County, p: Principal): Promise<Inbox | undefined> {
  const scope = inboxScope(county, p);
  if (!scope) return undefined;
  // One more than shown per village: whether there are more, without another read.
  const pages = await Promise.all(scope.villageIds.map((id) => deps.cases.openCases(id, INBOX_LIMIT + 1)));
  const mine = pages.flat().filter((c) => c.level >= scope.minLevel && can(p, 'view', c));
  mine.sort(inboxOrder);
  const shown = mine.slice(0, INBOX_LIMIT);
  const waiting = shown.filter((c) => c.status === 'received').map((c) => c.caseNumber);
  const deadlines = waiting.length > 0 ? await deps.cases.slaDeadlines(waiting) : new Map<string, string>();
  const cases = shown.map((c) => (deadlines.has(c.caseNumber) ? { ...c, slaDueAt: deadlines.get(c.caseNumber)! } : c));
  return { cases, more: mine.length > INBOX_LIMIT || pages.some((page) => page.length > INBOX_LIMIT) };
}
