/**
 * One-tap links in officers' SMS: `{PUBLIC_URL}/o/{token}`. The token is an HMAC of the case number
 * and the notification it belongs to, keyed by the county's link secret: short enough for an SMS,
 * the same on every retry of that SMS, and impossible to make without the secret. Only its hash is
 * stored, with the case, the recipient, an expiry and the case's transfer count when it was made: a
 * transfer ends every older link, checked when a link is used (nothing needs to find and revoke them).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Actor, CaseRecord } from './case.ts';
import type { County } from './county.ts';
import { isDomesticProvider } from './sms-types.ts';

/** 12 Crockford base32 symbols: 60 bits. */
const TOKEN_LENGTH = 12;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const LINK_DAYS = 7;

export function linkToken(secret: string, caseNumber: string, notificationId: string): string {
  const mac = createHmac('sha256', secret).update(`link:${caseNumber}:${notificationId}`).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of mac) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < TOKEN_LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === TOKEN_LENGTH) break;
  }
  return out;
}

export function isLinkToken(value: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${TOKEN_LENGTH}}$`).test(value);
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(`officer-link:${token}`).digest('base64url');
}

/** What a link lets its holder do: act on one case, as one person. */
export interface LinkRecord {
  readonly tokenHash: string;
  readonly caseNumber: string;
  readonly actor: Actor;
  /** The phone the link was sent to (answers to the tipster never reveal it). */
  readonly phone: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** The case's transfer count when the link was made: once the case is transferred again, the link is dead. */
  readonly generation: number;
}

export function newLink(input: { secret: string; caseNumber: string; notificationId: string; actor: Actor; phone: string; generation: number; now: Date }): { token: string; record: LinkRecord } {
  const token = linkToken(input.secret, input.caseNumber, input.notificationId);
  return {
    token,
    record: {
      tokenHash: hashLinkToken(token),
      caseNumber: input.caseNumber,
      actor: input.actor,
      phone: input.phone,
      createdAt: input.now.toISOString(),
      expiresAt: new Date(input.now.getTime() + LINK_DAYS * 86_400_000).toISOString(),
      generation: input.generation,
    },
  };
}

export function linkUsable(link: LinkRecord | undefined, now: Date): link is LinkRecord {
  return link !== undefined && now.toISOString() < link.expiresAt;
}

/**
 * Whether a link may open the case as it is now: its own case, not transferred since the link was
 * made (a transfer gives the case to someone else), and never a tip for an assistant, even through a
 * link made by mistake.
 */
export function linkMayOpen(link: LinkRecord, record: Pick<CaseRecord, 'kind' | 'caseNumber' | 'transfers'>): boolean {
  return (
    link.caseNumber === record.caseNumber &&
    link.generation >= (record.transfers ?? 0) &&
    !(record.kind === 'tip' && link.actor.role === 'assistant')
  );
}

/**
 * The one address every officer SMS points to when SMS carry no per-case link (the officer inbox).
 * (`/o/` itself would not reach the staff function behind API Gateway's `/o/{proxy+}` route.)
 */
export const INBOX_PATH = '/o/inbox';

/**
 * Whether officers' SMS carry a one-tap link per case, or the inbox address: never through a domestic
 * provider (a registered template may carry no link; its fixed words name the inbox), and otherwise
 * as the county file's `sms.links` says (default on).
 */
export function oneTapLinks(county: Pick<County, 'sms'>): boolean {
  return !isDomesticProvider(county.sms.provider) && county.sms.links !== false;
}
