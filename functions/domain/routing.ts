/**
 * Who hears about a case, and what each SMS says. tip → the village officer only (never the
 * assistant: a tip read by a neighbour can expose the tipster). dispute, hazard, service, help →
 * officer + assistant. Urgent help also rings the village's joint-defence contacts at once (一呼多应).
 * A case nobody acknowledges climbs to the central office, the station, then the bureau duty desk.
 */
import type { Actor, CaseRecord, EscalationLevel, SmsIntent } from './case.ts';
import type { Contact, County, VillageView } from './county.ts';
import { kindLabel } from './sms.ts';
import { renderTemplate, type RenderedSms, type SmsCounty } from './sms-templates.ts';

export interface PlannedSms extends SmsIntent {
  /**
   * Stable per case, recipient and occasion (the key of the case's SMS item), so a redelivered
   * stream record finds it already sent, and a later occasion (after a transfer) is a new item.
   */
  readonly id: string;
}

type CaseFacts = Pick<CaseRecord, 'caseNumber' | 'kind' | 'urgent' | 'description' | 'location' | 'filedBy'>;

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

export interface RenderContext {
  readonly county: SmsCounty;
  readonly view: VillageView;
  readonly record: CaseFacts;
  /** The recipient's one-tap link, for messages that carry one (text mode only). */
  readonly link?: string;
  /** Where a resident tracks and rates the case (text mode only). */
  readonly trackUrl?: string;
}

/** The urgent flag every SMS about an urgent case carries, in front of its kind. */
function urgentMark(locale: County['locale'], c: Pick<CaseFacts, 'urgent'>): string {
  if (!c.urgent) return '';
  return locale === 'en' ? 'URGENT ' : '紧急';
}

/** The case's kind with its urgent flag: 紧急求助, 矛盾纠纷; `URGENT help request`. */
function kindWithUrgency(locale: County['locale'], c: CaseFacts): string {
  return `${urgentMark(locale, c)}${kindLabel(locale, c.kind)}`;
}

/** The case's kind as an assignment names it: 紧急求助, 新矛盾纠纷, 转交紧急求助; `New URGENT help request`. */
function caseLabel(locale: County['locale'], c: CaseFacts, transferred: boolean): string {
  if (locale === 'en') return `${transferred ? 'Transferred' : 'New'} ${kindWithUrgency('en', c)}`;
  return `${transferred ? '转交' : c.urgent ? '' : '新'}${kindWithUrgency('zh-CN', c)}`;
}

/** Who filed the case, as a transfer's text says it: （信息员李梅代报）, ` (filed by information officer Li Mei)`. */
function filedMark(locale: County['locale'], name: string): string {
  return locale === 'en' ? ` (filed by information officer ${name})` : `（信息员${name}代报）`;
}

/** Who answered the officer's question: 举报人 / tipster for a tip, 群众 / resident otherwise. */
function answererLabel(locale: County['locale'], kind: CaseFacts['kind']): string {
  if (locale === 'en') return kind === 'tip' ? 'tipster' : 'resident';
  return kind === 'tip' ? '举报人' : '群众';
}

/** The resident's words an officer's SMS quotes (text mode only), with the place they gave. */
function excerptOf(locale: County['locale'], c: CaseFacts, placeFirst = false): string {
  if (!c.location) return c.description;
  if (placeFirst) return locale === 'en' ? `${c.location}: ${c.description}` : `${c.location}：${c.description}`;
  return locale === 'en' ? `${c.description} (${c.location})` : `${c.description}（${c.location}）`;
}

/** The SMS an intent calls for, from the case as it is now, as a registered template (sms-templates.ts). */
export function renderSms(ctx: RenderContext, intent: SmsIntent): RenderedSms {
  const { county, view, record: c, link } = ctx;
  const { locale } = county;
  const village = view.village.name;
  switch (intent.message) {
    case 'assignment':
      // A case an information officer filed for a resident says who filed it (his name is on the roster).
      if (c.filedBy) {
        return renderTemplate(county, 'filed', { params: { label: caseLabel(locale, c, false), caseNumber: c.caseNumber, village, informant: c.filedBy.name }, excerpt: excerptOf(locale, c), link });
      }
      return renderTemplate(county, 'assignment', { params: { label: caseLabel(locale, c, false), caseNumber: c.caseNumber, village }, excerpt: excerptOf(locale, c), link });
    case 'transfer':
      return renderTemplate(county, 'transfer', {
        params: { label: caseLabel(locale, c, true), caseNumber: c.caseNumber, village },
        textOnly: { filed: c.filedBy ? filedMark(locale, c.filedBy.name) : '' },
        excerpt: excerptOf(locale, c),
        link,
      });
    case 'reopened':
      return renderTemplate(county, 'reopened', { params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village }, textOnly: { urgent: urgentMark(locale, c) }, excerpt: c.description, link });
    case 'defence':
      return renderTemplate(county, 'defence', { params: { village, officer: view.officer.name, caseNumber: c.caseNumber }, excerpt: excerptOf(locale, c, true) });
    case 'escalation':
      return renderTemplate(county, 'escalation', {
        params: { level: intent.level ?? 2, kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village },
        excerpt: c.description,
        link,
      });
    case 'reported_up':
      // The excerpt is who reported it up and why (`name：reason`): words from the staff, text mode only.
      return renderTemplate(county, 'reported_up', { params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village }, excerpt: intent.text ?? '', link });
    case 'assigned':
      return renderTemplate(county, 'assigned', { params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, village }, excerpt: c.description, link });
    case 'answer':
      // For a tip the one who answers is the tipster (举报人); for the other kinds, the resident (群众).
      return renderTemplate(county, 'answer', {
        params: { kind: kindWithUrgency(locale, c), caseNumber: c.caseNumber, who: answererLabel(locale, c.kind) },
        textOnly: { urgent: urgentMark(locale, c) },
        excerpt: intent.text ?? '',
        link,
      });
    case 'resident_ack':
      return renderTemplate(county, 'resident_ack', { params: { caseNumber: c.caseNumber } });
    case 'resident_resolved':
      return renderTemplate(county, 'resident_resolved', { params: { caseNumber: c.caseNumber }, link: ctx.trackUrl });
  }
}
