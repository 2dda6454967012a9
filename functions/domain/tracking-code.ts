/**
 * Tracking codes: shown once to the resident, stored only as a hash, compared in constant time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CaseRecord } from './case.ts';

/** Crockford base32: no I, L, O, U, so a code read aloud or typed from a screenshot survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 symbols × 5 bits = 50 bits of entropy. */
const CODE_LENGTH = 10;

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A tracking code for a case. With a submission key (the client's Idempotency-Key) the code is
 * derived from that key and the case number, so a retried request can be answered with the same
 * code although only its hash is stored; without one it is random.
 */
export function newTrackingCode(caseNumber: string, submissionKey?: string): string {
  const bytes = submissionKey
    ? createHmac('sha256', submissionKey).update(`tracking:${caseNumber}`).digest()
    : randomBytes(8);
  const raw = base32(bytes, CODE_LENGTH);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Upper-cases, drops spaces and dashes, and reads the letters people confuse as the digits they look like. */
export function normaliseTrackingCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function hashTrackingCode(caseNumber: string, code: string): string {
  return createHash('sha256').update(`${caseNumber}:${normaliseTrackingCode(code)}`).digest('base64url');
}

export function trackingCodeMatches(record: Pick<CaseRecord, 'caseNumber' | 'trackingHash'>, code: string): boolean {
  const a = Buffer.from(hashTrackingCode(record.caseNumber, code));
  const b = Buffer.from(record.trackingHash);
  return a.length === b.length && timingSafeEqual(a, b);
}
