/**
 * The intake guard in front of `submitCase`: counts the submission against the client's address
 * (keyed hash), its village and the county, and lets it through, asks for a proof of work, or refuses
 * it, by the county file's `limits.intake`. Every submission that passed validation counts, whether
 * accepted or not: a flood cannot hover just under a limit by being refused.
 *
 * It also derives the implicit idempotency key of a form post sent without one (no JavaScript):
 * the same submission from the same address within 10 minutes is the same case.
 */
import type { Context } from 'hono';
import type { Submission } from '../domain/case.ts';
import { addressKey, ChallengeRequired, DAY, decideIntake, TEN_MINUTES, TooManyRequests } from '../domain/limits.ts';
import type { Clock, LimitStore } from '../domain/ports.ts';
import { fingerprint, type CountySource } from '../domain/service.ts';
import { clientAddress } from './address.ts';

export interface IntakeDeps {
  readonly limits: LimitStore;
  readonly county: CountySource;
  readonly clock: Clock;
  readonly secret: string;
}

/** How long a form post without a key stays "the same case". */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** Counts the submission; throws TooManyRequests or ChallengeRequired unless it may go on. */
export async function guardIntake(deps: IntakeDeps, c: Context, submission: Submission, solution: string | undefined): Promise<void> {
  const { county, villages } = await deps.county.get();
  const limits = county.limits.intake;
  const now = deps.clock.now();
  const who = addressKey(deps.secret, clientAddress(c) ?? 'unknown', now, 'intake');
  const known = villages.has(submission.villageId);
  // Two writes: the address's counters (10 minutes, the day) in one item, the county's and the
  // village's 10-minute counters in another.
  const village = `village:${submission.villageId}`;
  const [address, area] = await Promise.all([
    deps.limits.hitCounters(`intake:${who}`, { tenMinutes: TEN_MINUTES, day: DAY }, now),
    deps.limits.hitCounters<string>(`intake-area:${county.code}`, { county: TEN_MINUTES, ...(known && { [village]: TEN_MINUTES }) }, now),
  ]);
  const village10 = known ? area[village] : undefined;
  const decision = decideIntake(limits, { address10: address.tenMinutes, addressDay: address.day, county10: area.county!, ...(village10 !== undefined && { village10 }) }, now);
  if (decision.verdict === 'refuse') throw new TooManyRequests(decision.retryAfterSeconds, 'too many cases from here today or just now; in an emergency call the emergency number');
  // The proof of work is a rare path (past the soft limit, or a burst): altcha-lib loads on its first use.
  const challenges = decision.verdict === 'prove' ? await import('./challenge.ts') : undefined;
  if (challenges && !(await challenges.acceptSolution(deps.secret, deps.limits, solution, now))) {
    throw new ChallengeRequired(await challenges.newChallenge(deps.secret, limits.challengeMaxNumber, now), solution !== undefined && solution !== '');
  }
}

/**
 * The implicit Idempotency-Key of a form post that came without one: a keyed hash of the address
 * (today's key) and the submission's fingerprint. Its record lives DUPLICATE_WINDOW_MS.
 */
export function implicitKey(deps: Pick<IntakeDeps, 'secret' | 'clock'>, c: Context, submission: Submission): string {
  const now = deps.clock.now();
  return `form:${addressKey(deps.secret, clientAddress(c) ?? 'unknown', now, `form:${fingerprint(submission)}`)}`;
}
