/**
 * Scheduled handler (EventBridge Scheduler every minute in AWS; a timer in the local stack): moves
 * every case nobody acknowledged in time one level up the chain. The SMS to that level's duty
 * contact is written onto the case with the climb and sent by the route-case stream handler.
 */
import { escalateDue, type EscalationDeps } from '../domain/escalation.ts';
import { cases, clock, county, logger } from './runtime.ts';

export function createEscalateHandler(deps: EscalationDeps, log: Pick<typeof logger, 'info'> = logger) {
  return async (): Promise<{ escalated: number; skipped: number }> => {
    const outcome = await escalateDue(deps);
    if (outcome.escalated + outcome.skipped > 0) log.info('escalation run', { ...outcome });
    return outcome;
  };
}

export const handler = createEscalateHandler({ cases, county, clock });
