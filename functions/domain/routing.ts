/**
 * Who hears about a new case. tip → the village officer only (never the assistant: a tip read by a
 * neighbour can expose the tipster). dispute, hazard, service, help → officer + assistant. Urgent
 * help also rings the village's joint-defence contacts at once (一呼多应).
 */
import type { CaseRecord, NotificationRole } from './case.ts';
import type { County, VillageView } from './county.ts';
import { assignmentSms, defenceSms, type SmsContext } from './sms.ts';

export interface PlannedSms {
  /** Stable per case and recipient, so a redelivered stream record finds it already sent. */
  readonly id: string;
  readonly role: NotificationRole;
  readonly to: string;
  readonly body: string;
}

export function routeNewCase(
  county: Pick<County, 'locale' | 'shortName'>,
  view: VillageView,
  record: Pick<CaseRecord, 'caseNumber' | 'kind' | 'urgent' | 'description' | 'location'>,
): PlannedSms[] {
  const ctx: SmsContext = { locale: county.locale, countyShortName: county.shortName, villageName: view.village.name };
  const assignment = assignmentSms(ctx, record);
  const planned: PlannedSms[] = [{ id: `officer:${view.officer.phone}`, role: 'officer', to: view.officer.phone, body: assignment }];
  if (record.kind === 'tip') return planned;

  planned.push({ id: `assistant:${view.village.assistant.phone}`, role: 'assistant', to: view.village.assistant.phone, body: assignment });
  if (record.kind === 'help' && record.urgent) {
    const body = defenceSms(ctx, record, view.officer.name);
    for (const contact of view.village.defenceContacts) {
      planned.push({ id: `defence:${contact.phone}`, role: 'defence', to: contact.phone, body });
    }
  }
  // One SMS per phone even if the same person holds two roles in a small village.
  const seen = new Set<string>();
  return planned.filter((sms) => !seen.has(sms.to) && seen.add(sms.to));
}
