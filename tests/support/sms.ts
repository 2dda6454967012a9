/**
 * SMS messages the sender tests hand their adapter, as the router makes them for the demo county.
 */
import type { SmsMessage } from '../../functions/domain/ports.ts';

/** A new case's text-mode SMS to 王军, the officer of 东山村, quoting the resident's words. */
export function officerAssignment(label: string, excerpt: string): SmsMessage {
  const caseNumber = 'DEMO-2026-000001';
  return {
    to: '+8613800001001',
    role: 'officer',
    body: `【青山村警】${label}${caseNumber} 东山村：${excerpt}`,
    caseNumber,
    template: { type: 'assignment', mode: 'text', params: { label, caseNumber, village: '东山村', excerpt } },
  };
}
