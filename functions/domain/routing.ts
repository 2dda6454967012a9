/**
 * Who hears about a case (what each SMS says is in sms-templates.ts). tip → the village officer only (never the
 * assistant: a tip read by a neighbour can expose the tipster). dispute, hazard, service, help →
 * officer + assistant. Urgent help also rings the village's joint-defence contacts at once (一呼多应).
 * A case nobody acknowledges climbs to the central office, the station, then the bureau duty desk.
 */
import type { Actor, CaseRecord, EscalationLevel, SmsIntent } from './case.ts';
import type { Contact, County, VillageView } from './county.ts';

export interface PlannedSms extends SmsIntent {
  /**
   * Stable per case, recipient and occasion (the key of the case's SMS item), so a redelivered
   * stream record finds it already sent, and a later occasion (after a transfer) is a new item.
   */
  readonly id: string;
}

export function planNewCase(view: VillageView, record: Pick<CaseRecord, 'kind' | 'urgent'>): PlannedSms[] {
  const planned: PlannedSms[] = [
    { id: `officer:${view.officer.phone}`, role: 'officer', message: 'assignment', to: view.officer.phone, name: view.officer.name },
  ];
  if (record.kind === 'tip') return planned;

  const { assistant } = view.village;
  planned.push({ id: `assistant:${assistant.phone}`, role: 'assistant', message: 'assignment', to: assistant.phone, name: assistant.name });
  if (record.kind === 'help' && record.urgent) {
    for (const contact of view.village.defenceContacts) {
      planned.push({ id: `defence:${contact.phone}`, role: 'defence', message: 'defence', to: contact.phone, name: contact.name });
    }
  }
  // One SMS per phone even if the same person holds two roles in a small village.
  const seen = new Set<string>();
  return planned.filter((sms) => !seen.has(sms.to) && seen.add(sms.to));
}

/** The duty contact of an escalation level (2 central office, 3 station, 4 bureau duty desk). */
export function dutyContact(county: Pick<County, 'bureau'>, view: VillageView, level: EscalationLevel): { contact: Contact; actor: Actor } {
  switch (level) {
    case 1:
      return { contact: { name: view.officer.name, phone: view.officer.phone }, actor: { role: 'officer', name: view.officer.name } };
    case 2:
      return { contact: view.office.dutyContact, actor: { role: 'office', name: `${view.office.name} ${view.office.dutyContact.name}` } };
    case 3:
      return { contact: view.station.dutyContact, actor: { role: 'station', name: `${view.station.name} ${view.station.dutyContact.name}` } };
    case 4:
      return { contact: county.bureau.dutyContact, actor: { role: 'bureau', name: `${county.bureau.name} ${county.bureau.dutyContact.name}` } };
  }
}

/**
 * `transfers`: how often the case moved before; a transferred case climbs the chain anew. `due`: the
 * escalation time the climb consumed, so a reopened case that climbs to the same level again gets a
 * new SMS item instead of colliding with the first one (which stopped the climb for good).
 */
export function planEscalation(county: Pick<County, 'bureau'>, view: VillageView, level: EscalationLevel, transfers: number | undefined, due: string): PlannedSms {
  const { contact } = dutyContact(county, view, level);
  return { id: `${generation(transfers)}escalation:${level}:${due}:${contact.phone}`, role: 'escalation', message: 'escalation', to: contact.phone, name: contact.name, level };
}

/**
 * Reported up by hand to `level`: that level's duty contact hears at once who sent it up and why.
 * `at` keeps it apart from the SMS of the automatic climb and of an earlier report.
 */
export function planReportUp(county: Pick<County, 'bureau'>, view: VillageView, level: EscalationLevel, at: string, why: string): PlannedSms {
  const { contact } = dutyContact(county, view, level);
  return { id: `report:${at}:${level}:${contact.phone}`, role: 'escalation', message: 'reported_up', to: contact.phone, name: contact.name, level, text: why };
}

/** Assigned down to a village's officer (the case's `transfers`-th hand-off). */
export function planAssign(view: VillageView, handOff: number): PlannedSms {
  return { id: `assign${handOff}:officer:${view.officer.phone}`, role: 'officer', message: 'assigned', to: view.officer.phone, name: view.officer.name };
}

/** A transferred case goes to its new village's officer (and assistant, for all but tips). */
export function planTransfer(view: VillageView, record: Pick<CaseRecord, 'kind' | 'urgent'>, transferNumber: number): PlannedSms[] {
  return planNewCase(view, { kind: record.kind, urgent: false }).map((sms) => ({ ...sms, id: `transfer${transferNumber}:${sms.id}`, message: 'transfer' }));
}

/** The village officer hears that a resident reopened the case ("not fixed"); `at` tells reopenings apart. */
export function planReopen(view: VillageView, at: string): PlannedSms {
  return { id: `reopen:${at}:officer:${view.officer.phone}`, role: 'officer', message: 'reopened', to: view.officer.phone, name: view.officer.name };
}

/** The officer hears what the resident (or tipster) answered (the SMS carries the answer's text). */
export function planAnswer(view: VillageView, answerNumber: number, text: string): PlannedSms {
  return { id: `answer${answerNumber}:officer:${view.officer.phone}`, role: 'officer', message: 'answer', to: view.officer.phone, name: view.officer.name, text };
}

/** Id prefix of the SMS of a case that moved `transfers` times: none before the first transfer. */
function generation(transfers: number | undefined): string {
  return transfers ? `t${transfers}:` : '';
}

export function planResidentUpdate(record: Pick<CaseRecord, 'updates' | 'phone' | 'transfers'>, event: 'acknowledged' | 'resolved'): PlannedSms | undefined {
  if (!record.updates || !record.phone) return undefined;
  return { id: `${generation(record.transfers)}resident:${event}`, role: 'resident', message: event === 'acknowledged' ? 'resident_ack' : 'resident_resolved', to: record.phone };
}

/** Messages that carry a one-tap link to the case page for their recipient. */
export function carriesLink(intent: SmsIntent): boolean {
  return intent.role !== 'defence' && intent.role !== 'resident';
}
