/**
 * Limits against abuse, as rules: counting windows, the keyed hash a client's address is counted
 * under, what the intake counts decide. No HTTP and no AWS here; functions/edge/ applies them.
 *
 * A client's address is never stored. It is counted under `HMAC(dayKey, address)`, where the day key
 * is itself derived from the deployment's secret and the UTC date: the key changes every day, so a
 * counter item cannot be linked to an address after its day, and the items expire with their window.
 */
import { createHmac } from 'node:crypto';
import type { County } from './county.ts';

/** One counting window: at most `max` hits per `seconds`, windows aligned to the epoch (UTC). */
export interface LimitWindow {
  readonly seconds: number;
  readonly max: number;
}

export const TEN_MINUTES = 600;
export const DAY = 86_400;

/** Seconds until the window that holds `now` ends: what `Retry-After` says. */
export function secondsLeft(windowSeconds: number, now: Date): number {
  const epoch = Math.floor(now.getTime() / 1000);
  return windowSeconds - (epoch % windowSeconds);
}

/** The key addresses are hashed with on `now`'s UTC day. */
function dayKey(secret: string, now: Date): Buffer {
  return createHmac('sha256', secret).update(`address-key:${now.toISOString().slice(0, 10)}`).digest();
}

/** What an address (plus an optional purpose and detail) is counted under today: a keyed hash, never the address. */
export function addressKey(secret: string, address: string, now: Date, detail = ''): string {
  return createHmac('sha256', dayKey(secret, now)).update(`${address}\u0000${detail}`).digest('base64url').slice(0, 22);
}

/** Hits so far in each intake window, this request included. */
export interface IntakeCounts {
  readonly address10: number;
  readonly addressDay: number;
  /** Undefined when the village is not known (the submission fails on that anyway). */
  readonly village10?: number;
  readonly county10: number;
}

export type IntakeDecision = { readonly verdict: 'accept' } | { readonly verdict: 'prove' } | { readonly verdict: 'refuse'; readonly retryAfterSeconds: number };

/**
 * Below the soft limit, and with no burst on the village or county: accept. Past the soft limit, or
 * under a burst: a proof of work is needed. Past a hard limit: refuse until that window ends.
 */
export function decideIntake(limits: County['limits']['intake'], counts: IntakeCounts, now: Date): IntakeDecision {
  if (counts.addressDay > limits.hardPerDay) return { verdict: 'refuse', retryAfterSeconds: secondsLeft(DAY, now) };
  if (counts.address10 > limits.hardPer10Minutes) return { verdict: 'refuse', retryAfterSeconds: secondsLeft(TEN_MINUTES, now) };
  const burst = (counts.village10 ?? 0) > limits.villageBurstPer10Minutes || counts.county10 > limits.countyBurstPer10Minutes;
  if (counts.address10 > limits.softPer10Minutes || burst) return { verdict: 'prove' };
  return { verdict: 'accept' };
}

/** A proof-of-work challenge (ALTCHA v1: find `number` with SHA-256(salt + number) = challenge). */
export interface Challenge {
  readonly algorithm: string;
  readonly challenge: string;
  readonly maxnumber?: number;
  readonly salt: string;
  readonly signature: string;
}

/** The submission needs a solved challenge (this one) to be accepted. */
export class ChallengeRequired extends Error {
  override readonly name = 'ChallengeRequired';
  readonly challenge: Challenge;
  /** A solution was sent but did not verify (wrong, expired or already used). */
  readonly rejected: boolean;
  constructor(challenge: Challenge, rejected: boolean) {
    super(rejected ? 'the proof of work did not verify (wrong, expired or used before); solve this new challenge' : 'too many submissions from here just now: solve the proof-of-work challenge and send again');
    this.challenge = challenge;
    this.rejected = rejected;
  }
}

/** Too many requests from one client: try again after `retryAfterSeconds`. */
export class TooManyRequests extends Error {
  override readonly name = 'TooManyRequests';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message = 'too many requests from here; try again later') {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
