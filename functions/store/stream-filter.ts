/**
 * What the router reacts to on the cases table's stream, defined once: Lambda's event source
 * mapping filters with these patterns in AWS (infra/constructs/routing.ts), and the local stream
 * poller drops every record they do not match, the same way. Work, not echoes: a new case (its
 * INSERT is its routing) and a new pending SMS item (written by the change that calls for it).
 * A status change, a note, a settled SMS or a link never reaches the router. To react to more,
 * add one pattern here.
 *
 * The grammar is the subset of Lambda's filter rules used here: a leaf is a list of exact strings
 * or `{ prefix }` rules, and a record matches a pattern when every leaf matches (patterns are ORed).
 */
import { CASES_TABLE, ROSTER_CURRENT_SK, ROSTER_TABLE, SK_PREFIX, keys } from './tables.ts';

export type FilterRuleValue = string | { readonly prefix: string };
export interface FilterPattern {
  readonly [key: string]: readonly FilterRuleValue[] | FilterPattern;
}

const sortKey = CASES_TABLE.sortKey!.name;

export const ROUTER_PATTERNS: readonly FilterPattern[] = [
  // A new case: route it to the officer (and assistant, and defence group).
  { eventName: ['INSERT'], dynamodb: { Keys: { [sortKey]: { S: [keys.case('any').sk] } } } },
  // A change left an SMS to send (an escalation, a transfer, a tipster's answer, a resident update).
  {
    eventName: ['INSERT'],
    dynamodb: { Keys: { [sortKey]: { S: [{ prefix: SK_PREFIX.sms }] } }, NewImage: { status: { S: ['pending'] } } },
  },
];

/**
 * What the site publisher reacts to on the roster table's stream: a county's CURRENT pointer written,
 * which every roster save does last (the console's, an import's, the deploy's seed), once per save.
 */
export const PUBLISHER_PATTERNS: readonly FilterPattern[] = [{ dynamodb: { Keys: { [ROSTER_TABLE.sortKey!.name]: { S: [ROSTER_CURRENT_SK] } } } }];

function leafMatches(rules: readonly FilterRuleValue[], value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return rules.some((rule) => (typeof rule === 'string' ? rule === value : value.startsWith(rule.prefix)));
}

function patternMatches(pattern: FilterPattern, value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(pattern).every(([key, rule]) => {
    const inner = (value as Record<string, unknown>)[key];
    return Array.isArray(rule) ? leafMatches(rule as readonly FilterRuleValue[], inner) : patternMatches(rule as FilterPattern, inner);
  });
}

/** Whether a stream record (in Lambda's event shape) passes the filter, as Lambda would decide. */
export function matchesAny(patterns: readonly FilterPattern[], record: unknown): boolean {
  return patterns.some((pattern) => patternMatches(pattern, record));
}
