/**
 * Scheduled job (EventBridge Scheduler every minute in AWS; a timer in the local stack): moves
 * every case nobody acknowledged in time one level up the chain. The SMS to that level's duty
 * contact is written onto the case with the climb and sent by the route-case stream handler. It also
 * sends the village digests of the SMS circuit breaker that are due.
 */
import { escalateDue, type EscalationDeps } from '../domain/escalation.ts';
import type { SmsGate } from '../domain/sms-gate.ts';
import type { Runtime } from '../runtime.ts';
import { gatedSms } from '../runtime/sms.ts';

export function createEscalateHandler(deps: EscalationDeps & { digests?: Pick<SmsGate, 'flushDigests'> }, log: Pick<Runtime['logger'], 'info'>) {
  return async (): Promise<{ escalated: number; skipped: number; digests: number }> => {
    const outcome = await escalateDue(deps);
    // The same minute's run sends the village digests that are due (SMS circuit breaker).
    const digests = (await deps.digests?.flushDigests()) ?? 0;
    if (outcome.escalated + outcome.skipped + digests > 0) log.info('escalation run', { ...outcome, digests });
    return { ...outcome, digests };
  };
}

/** The escalate function as its runtime wires it. */
export function escalateHandler(runtime: Runtime) {
  return createEscalateHandler({ cases: runtime.cases, county: runtime.county, clock: runtime.clock, digests: gatedSms(runtime) }, runtime.logger);
}
