/**
 * Proof of work with ALTCHA (altcha-lib's v1 SHA-256 challenges, self-hosted: no third party, no
 * tracking). The challenge is signed with a key derived from the deployment's secret and expires in
 * 10 minutes; a solution is good once (its signature is claimed in the LimitStore until the challenge
 * expires). The public pages solve it with a few lines in functions/ui/enhance.ts; an API client
 * does the same: find `number` with SHA-256(salt + number) = challenge, and send
 * base64(JSON {algorithm, challenge, number, salt, signature}) as the `altcha` field.
 */
import { createHmac } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from '../domain/limits.ts';
import type { LimitStore } from '../domain/ports.ts';

export const CHALLENGE_MINUTES = 10;

function hmacKey(secret: string): string {
  return createHmac('sha256', secret).update('altcha').digest('base64url');
}

export function newChallenge(secret: string, maxNumber: number, now: Date): Promise<Challenge> {
  return createChallenge({ hmacKey: hmacKey(secret), maxNumber, expires: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000) });
}

interface Solution {
  readonly signature: string;
  readonly salt: string;
}

function decode(payload: string): Solution | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Partial<Solution>;
    return typeof parsed.signature === 'string' && typeof parsed.salt === 'string' ? (parsed as Solution) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `payload` solves a challenge of ours that has not expired and was not used before. */
export async function acceptSolution(secret: string, store: LimitStore, payload: string | undefined, now: Date): Promise<boolean> {
  if (!payload || payload.length > 2_000) return false;
  const solution = decode(payload);
  if (!solution) return false;
  // Expiry against our clock (the local stack's can be moved forward), not altcha-lib's Date.now().
  if (!(await verifySolution(payload, hmacKey(secret), false).catch(() => false))) return false;
  const expires = Number(extractParams(payload).expires) * 1000;
  if (!Number.isFinite(expires) || expires <= now.getTime()) return false;
  return store.claimOnce(`pow:${solution.signature}`, new Date(expires), now);
}
