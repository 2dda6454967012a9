/**
 * SMS length and the cut of a resident's words (the wording itself is in sms-templates.ts). Chinese text goes as UCS-2: 70 characters in one segment, 67 per segment
 * when split. Plain Latin text goes as GSM-7: 160, or 153 per segment. An officer's assignment is cut
 * to one segment where the fixed part leaves room, and never runs past two.
 */
import type { CaseKind } from './case.ts';
import type { Locale } from './county.ts';
import { words } from '../messages/index.ts';

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';

/**
 * C0 controls but line feed, DEL and C1 controls, and the bidirectional marks, embeddings, overrides
 * and isolates (U+061C, U+200E/F, U+202A–E, U+2066–9): a BEL or NUL has no business in an SMS, and an
 * RLO (U+202E) turns what follows around on the screen.
 */
const UNSAFE_IN_SMS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The text without control and bidirectional characters. */
export function plainSmsText(text: string): string {
  return text.replace(UNSAFE_IN_SMS, '');
}

export interface SmsLength {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the network counts them (UTF-16 units for UCS-2, septets for GSM-7). */
  readonly units: number;
  readonly segments: number;
}

export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) septets += 1;
    else if (GSM7_EXTENDED.includes(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** Capacity in units of `segments` segments of an encoding. */
function capacity(encoding: SmsLength['encoding'], segments: number): number {
  if (encoding === 'UCS-2') return segments === 1 ? 70 : 67 * segments;
  return segments === 1 ? 160 : 153 * segments;
}

/** Fewer characters than this of the resident's words is no use to an officer: take a second segment. */
const MIN_EXCERPT = 15;

/**
 * Fills `template` (which contains `{excerpt}`) with as much of `excerpt` as fits one segment, or two
 * when one segment would leave fewer than MIN_EXCERPT characters of it. Never more than two segments.
 */
export function fitSms(template: string, excerpt: string): string {
  const flat = excerpt.replace(/\s+/g, ' ').trim();
  const bare = template.replace('{excerpt}', '');
  for (const segments of [1, 2]) {
    // Encoding of the whole message decides the budget: measure with the full excerpt first.
    const encoding = smsLength(template.replace('{excerpt}', flat)).encoding;
    // '…' is not in the GSM-7 alphabet: it would turn a Latin message into UCS-2.
    const ellipsis = encoding === 'GSM-7' ? '...' : '…';
    const room = capacity(encoding, segments) - smsLength(bare).units;
    if (room < 0) continue;
    const chars = [...flat];
    let cut = flat;
    if (smsLength(cut).units > room) {
      let lo = 0;
      let hi = chars.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (smsLength(`${chars.slice(0, mid).join('')}${ellipsis}`).units <= room) lo = mid;
        else hi = mid - 1;
      }
      cut = lo > 0 ? `${chars.slice(0, lo).join('')}${ellipsis}` : '';
    }
    const text = template.replace('{excerpt}', cut);
    const kept = cut === flat ? chars.length : [...cut].length - [...ellipsis].length;
    if (segments === 1 && kept < Math.min(MIN_EXCERPT, chars.length)) continue;
    if (smsLength(text).segments <= segments) return text;
  }
  // The fixed part alone exceeds two segments: drop the excerpt, keep the essentials.
  return bare;
}

/** The kind's word (functions/messages/words), lower-cased in English: an SMS says it mid-sentence. */
export function kindLabel(locale: Locale, kind: CaseKind): string {
  const word = words(locale).kind[kind];
  return locale === 'en' ? word.toLowerCase() : word;
}

/**
 * Why a provider did not send a message, as the router needs to know it: `throttled` and `provider`
 * (a fault on the provider's side, a timeout) may pass with a retry; the rest are final, since no
 * retry within the stream's backoff changes them: a bad or opted-out number, a template or signature
 * not approved (or not matching), the account out of balance, a daily or hourly quota spent, wrong
 * credentials or permissions.
 */
export type SmsFailureKind = 'throttled' | 'provider' | 'bad_number' | 'template' | 'balance' | 'quota' | 'config';

const RETRIED: ReadonlySet<SmsFailureKind> = new Set(['throttled', 'provider']);

/** A provider refused or failed a message; `final` when a retry cannot help. */
export class SmsProviderError extends Error {
  override readonly name = 'SmsProviderError';
  readonly kind: SmsFailureKind;
  /** The provider's own code, e.g. `isv.AMOUNT_NOT_ENOUGH` or `LimitExceeded.PhoneNumberThirtySecondLimit`. */
  readonly code: string | undefined;
  constructor(kind: SmsFailureKind, message: string, code?: string) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
  get final(): boolean {
    return !RETRIED.has(this.kind);
  }
}
