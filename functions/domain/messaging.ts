/**
 * Sending the SMS a case calls for. A new case is routed here when its INSERT appears on the stream;
 * a later change (an escalation, a transfer, a tipster's answer, a resident update) writes each SMS
 * it calls for as a new pending SMS item of the case, and the stream brings that item here. Every
 * SMS item is claimed before it goes, so a redelivered record sends nothing twice, and settled with
 * its timeline entry in one write. A failure is retried by the stream's own redelivery, with backoff.
 */
import type { CaseRecord, EscalationLevel, SmsIntent } from './case.ts';
import type { County, VillageView } from './county.ts';
import { INBOX_PATH } from './inbox.ts';
import { newLink, oneTapLinks } from './links.ts';
import { SmsWithheld } from './sms-gate.ts';
import { SmsProviderError } from './sms.ts';
import type { CaseStore, Clock, LinkStore, SmsSender } from './ports.ts';
import { ROSTER_MAX_AGE_MS, type CountySource } from './service.ts';
import { carriesLink, dutyContact, planNewCase, type PlannedSms } from './routing.ts';
import { renderSms } from './sms-templates.ts';

export { ROSTER_MAX_AGE_MS };

export interface MessagingDeps {
  readonly cases: CaseStore;
  readonly links: LinkStore;
  readonly county: CountySource;
  readonly sms: SmsSender;
  readonly clock: Clock;
  /** Key for one-tap links. */
  readonly linkSecret: string;
  /** Where residents and officers reach the portal, e.g. https://cunjing.example.gov.cn */
  readonly publicUrl: string;
  /**
   * How long a claimed send may run before another delivery may retry it: the route-case
   * function's timeout, after which its holder is surely gone. @default 30_000
   */
  readonly leaseMs?: number;
  /** Attempts per recipient before the failure is final. @default 5 */
  readonly maxAttempts?: number;
  /**
   * Waits between tries of recording a send's outcome when the table does not answer (a sent SMS
   * whose outcome is never recorded is sent again after the lease). @default [250, 500, 1000, 2000, 4000, 8000]
   */
  readonly settleBackoffMs?: readonly number[];
}

export interface SendOutcome {
  readonly sent: number;
  readonly skipped: number;
  /** Failed, with attempts left, or held by an earlier send's live lease: the caller should have the record delivered again. */
  readonly failed: number;
  /** Failed for the last time: recorded on the case, not retried. */
  readonly gaveUp: number;
}

function actorFor(county: County, view: VillageView, intent: SmsIntent) {
  if (intent.role === 'escalation') return dutyContact(county, view, (intent.level ?? 2) as EscalationLevel).actor;
  return { role: intent.role === 'assistant' ? ('assistant' as const) : ('officer' as const), name: intent.name ?? '' };
}

/** Records an outcome, trying again while the table does not answer. */
async function settle(deps: MessagingDeps, ...args: Parameters<MessagingDeps['cases']['settleNotification']>): Promise<void> {
  const waits = deps.settleBackoffMs ?? [250, 500, 1000, 2000, 4000, 8000];
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await deps.cases.settleNotification(...args);
    } catch (error) {
      if (attempt >= waits.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, waits[attempt]));
    }
  }
}

async function deliver(deps: MessagingDeps, county: County, view: VillageView, record: CaseRecord, intent: PlannedSms): Promise<keyof SendOutcome> {
  const maxAttempts = deps.maxAttempts ?? 5;
  const attempts = await deps.cases.claimNotification(record.caseNumber, intent, { now: deps.clock.now(), leaseMs: deps.leaseMs ?? 30_000, maxAttempts });
  if (attempts === 'done') return 'skipped';
  if (attempts === 'busy') return 'failed';
  const { id, ...fields } = intent;
  try {
    let link: string | undefined;
    // No per-case link: the one inbox address, where the officer is signed in on the phone (a registered
    // template carries no link at all: its fixed words name the inbox).
    if (carriesLink(intent) && !oneTapLinks(county)) {
      link = `${deps.publicUrl}${INBOX_PATH}`;
    } else if (carriesLink(intent)) {
      const made = newLink({ secret: deps.linkSecret, caseNumber: record.caseNumber, notificationId: id, actor: actorFor(county, view, intent), phone: intent.to, generation: record.transfers ?? 0, now: deps.clock.now() });
      await deps.links.put(made.record);
      link = `${deps.publicUrl}/o/${made.token}`;
    }
    const sms = renderSms({ county, view, record, link, trackUrl: `${deps.publicUrl}/track?case=${record.caseNumber}` }, intent);
    const { messageId } = await deps.sms.send({ to: intent.to, ...sms, role: intent.role, caseNumber: record.caseNumber, villageId: record.villageId, urgent: record.urgent });
    const at = deps.clock.now().toISOString();
    await settle(deps, record.caseNumber, id, { ...fields, status: 'sent', attempts, at, messageId }, { at, type: 'notified', visibility: 'public', params: { role: intent.role } });
    return 'sent';
  } catch (error) {
    const at = deps.clock.now().toISOString();
    const message = error instanceof Error ? error.message : String(error);
    // Withheld by the SMS gate (digest, budget) on purpose, or refused by the provider for a reason a
    // retry cannot fix (bad number, template not approved, out of balance): retrying would not help.
    const final = attempts >= maxAttempts || error instanceof SmsWithheld || (error instanceof SmsProviderError && error.final);
    await settle(
      deps,
      record.caseNumber,
      id,
      { ...fields, status: 'failed', attempts, at, error: message.slice(0, 300) },
      { at, type: 'notify_failed', visibility: 'internal', params: { role: intent.role, attempts, final: final ? 'yes' : 'no' } },
    );
    return final ? 'gaveUp' : 'failed';
  }
}

async function deliverAll(deps: MessagingDeps, record: CaseRecord, intents: (county: County, view: VillageView) => PlannedSms[]): Promise<SendOutcome> {
  // A roster change reaches routing within seconds, without re-reading the roster for every case.
  const { county, villages } = await deps.county.get({ maxAgeMs: ROSTER_MAX_AGE_MS });
  const view = villages.get(record.villageId);
  if (!view) throw new Error(`case ${record.caseNumber}: village ${record.villageId} is not in the roster`);
  // Everyone at once: for urgent help the whole group must ring together (一呼多应).
  const results = await Promise.all(intents(county, view).map((intent) => deliver(deps, county, view, record, intent)));
  const count = (outcome: keyof SendOutcome) => results.filter((r) => r === outcome).length;
  return { sent: count('sent'), skipped: count('skipped'), failed: count('failed'), gaveUp: count('gaveUp') };
}

/** A new case: send what routing names (officer; assistant unless a tip; defence group for urgent help). */
export function routeCase(deps: MessagingDeps, record: CaseRecord): Promise<SendOutcome> {
  return deliverAll(deps, record, (_county, view) => planNewCase(view, record));
}

/** A pending SMS item a change wrote: send it, worded from the case as it is now. */
export async function sendSmsItem(deps: MessagingDeps, caseNumber: string, sms: PlannedSms): Promise<SendOutcome> {
  // The item was written in the same transaction as the change; read the case as it left it.
  const record = await deps.cases.get(caseNumber, { consistent: true });
  if (!record) throw new Error(`SMS ${sms.id}: case ${caseNumber} does not exist`);
  return deliverAll(deps, record, () => [sms]);
}
