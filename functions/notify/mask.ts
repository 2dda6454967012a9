/**
 * Phone masking for logs, error messages and the local console: `+8613800000001` → `+86138****0001`,
 * enough to tell numbers apart, not enough to call one. Kept apart from the provider adapters so the
 * local outbox can use it without loading any SDK.
 */
import type { SmsMessage } from '../domain/ports.ts';

export function maskPhone(phone: string): string {
  const visibleEnd = 4;
  const hidden = 4;
  if (phone.length <= visibleEnd + hidden) {
    // Too short to keep a prefix: show only the last two characters.
    return `${'*'.repeat(Math.max(phone.length - 2, 0))}${phone.slice(-2)}`;
  }
  const cut = phone.length - visibleEnd - hidden;
  return `${phone.slice(0, cut)}${'*'.repeat(hidden)}${phone.slice(-visibleEnd)}`;
}

/** "officer SMS for DEMO-2026-000001 to +86138****0001": what an adapter's error names, never the whole number. */
export function describeSms(message: Pick<SmsMessage, 'role' | 'caseNumber' | 'to'>): string {
  return `${message.role} SMS${message.caseNumber ? ` for ${message.caseNumber}` : ''} to ${maskPhone(message.to)}`;
}

/** Replaces the recipient's number wherever a provider message echoes it (with or without the +, or the 86). */
export function scrubPhone(text: string, phone: string): string {
  const masked = maskPhone(phone);
  let out = text.split(phone).join(masked);
  for (const bare of [phone.replace(/^\+/, ''), phone.replace(/^\+86/, '')]) if (bare.length >= 6) out = out.split(bare).join(masked);
  return out;
}
