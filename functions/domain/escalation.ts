/**
 * 件件有回声: a case nobody acknowledges within its SLA climbs one level — village officer → central
 * office → station → bureau duty desk — and that level's duty contact gets an SMS. The climb is one
 * conditional write per level (on the level and the escalation time the handler saw), so two runs
 * at once escalate a case once; acknowledging takes the case out of the queue and stops the climb.
 */
import { slaDueFrom, type EscalationLevel } from './case.ts';
import { counted } from './counters.ts';
import type { CaseChange, CaseStore, Clock } from './ports.ts';
import { planEscalation } from './routing.ts';
import type { CountySource } from './service.ts';

export interface EscalationDeps {
  readonly cases: CaseStore;
  readonly county: CountySource;
  readonly clock: Clock;
}

export interface EscalationOutcome {
  readonly escalated: number;
  /** Acknowledged meanwhile, or escalated by another run first. */
  readonly skipped: number;
}

export const TOP_LEVEL: EscalationLevel = 4;

/**
 * The escalation time of an unacknowledged case at the top of the chain: it never falls due again,
 * yet the case stays in the queue of unacknowledged cases, where the overdue list finds it.
 */
export const AT_TOP = '9999-12-31T23:59:59.999Z';

/** Escalates every case whose time has come (at most `limit` per run; the next run takes the rest). */
export async function escalateDue(deps: EscalationDeps, limit = 200): Promise<EscalationOutcome> {
  const now = deps.clock.now();
  const due = await deps.cases.dueCases(now, limit);
  if (due.length === 0) return { escalated: 0, skipped: 0 };
  const { county, villages } = await deps.county.get();
  let escalated = 0;
  let skipped = 0;
  for (const { caseNumber, escalateAt } of due) {
    const record = await deps.cases.get(caseNumber);
    // The index is eventually consistent: trust only the case itself.
    if (!record || record.status !== 'received' || record.escalateAt !== escalateAt) {
      skipped += 1;
      continue;
    }
    const view = villages.get(record.villageId);
    if (!view) throw new Error(`case ${caseNumber}: village ${record.villageId} is not in the roster`);
    const at = now.toISOString();
    const next = Math.min(record.level + 1, TOP_LEVEL) as EscalationLevel;
    const atTop = record.level >= TOP_LEVEL;
    const change: CaseChange = {
      at,
      set: atTop ? { escalateAt: AT_TOP } : { level: next, escalateAt: next < TOP_LEVEL ? slaDueFrom(county, record, now) : AT_TOP },
      ...(!atTop && { increment: { escalations: 1 } }),
      entries: atTop ? [] : [{ at, type: 'escalated', visibility: 'public', params: { level: next }, actor: { role: 'system', name: 'escalation' } }],
      sms: atTop ? [] : [planEscalation(county, view, next, record.transfers, escalateAt)],
      expect: { status: ['received'], level: record.level, escalateAt },
    };
    const ok = await deps.cases.updateCase(caseNumber, counted(record, change));
    if (ok && !atTop) escalated += 1;
    else skipped += 1;
  }
  return { escalated, skipped };
}
