/**
 * SMS wording and length. Chinese text goes as UCS-2: 70 characters in one segment, 67 per segment
 * when split. Plain Latin text goes as GSM-7: 160, or 153 per segment. An officer's assignment is cut
 * to one segment where the fixed part leaves room, and never runs past two.
 */
import type { CaseKind, CaseRecord } from './case.ts';
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

export interface SmsContext {
  readonly locale: Locale;
  /** County short name for the signature, e.g. 青山. */
  readonly countyShortName: string;
  readonly villageName: string;
}

type CaseFacts = Pick<CaseRecord, 'caseNumber' | 'kind' | 'urgent' | 'description' | 'location' | 'filedBy'>;

/** The urgent flag every SMS about an urgent case carries, in front of its kind. */
function urgentMark(locale: Locale, c: Pick<CaseRecord, 'urgent'>): string {
  if (!c.urgent) return '';
  return locale === 'en' ? 'URGENT ' : '紧急';
}

/** ` {link}` after the excerpt, or nothing: a link counts in full against the segments. */
const withLink = (link?: string) => (link ? ` ${link}` : '');

/** The assignment an officer (or assistant) receives for a new case, or for one transferred to them. */
export function assignmentSms(ctx: SmsContext, c: CaseFacts, link?: string, transferred = false): string {
  if (ctx.locale === 'en') {
    // ASCII punctuation keeps a Latin message in GSM-7 (fullwidth （） would force UCS-2).
    const excerpt = c.location ? `${c.description} (${c.location})` : c.description;
    const label = `${urgentMark('en', c)}${kindLabel('en', c.kind)}`;
    const filed = c.filedBy ? ` (filed by information officer ${c.filedBy.name})` : '';
    return fitSms(`[${ctx.countyShortName} Police] ${transferred ? 'Transferred' : 'New'} ${label} ${c.caseNumber}, ${ctx.villageName}${filed}: {excerpt}${withLink(link)}`, excerpt);
  }
  const excerpt = c.location ? `${c.description}（${c.location}）` : c.description;
  const label = `${transferred ? '转交' : c.urgent ? '' : '新'}${urgentMark('zh-CN', c)}${kindLabel('zh-CN', c.kind)}`;
  const filed = c.filedBy ? `（信息员${c.filedBy.name}代报）` : '';
  return fitSms(`【${ctx.countyShortName}村警】${label}${c.caseNumber} ${ctx.villageName}${filed}：{excerpt}${withLink(link)}`, excerpt);
}

/** A resident said "not fixed": the case is back with its village officer. */
export function reopenedSms(ctx: SmsContext, c: CaseFacts, link?: string): string {
  if (ctx.locale === 'en') return fitSms(`[${ctx.countyShortName} Police] Reopened, resident says not fixed: ${urgentMark('en', c)}${c.caseNumber}, ${ctx.villageName}: {excerpt}${withLink(link)}`, c.description);
  return fitSms(`【${ctx.countyShortName}村警】群众反映未解决，重新办理${urgentMark('zh-CN', c)}${c.caseNumber} ${ctx.villageName}：{excerpt}${withLink(link)}`, c.description);
}

/** 一呼多应: what the joint-defence group receives for urgent help. */
export function defenceSms(ctx: SmsContext, c: CaseFacts, officerName: string): string {
  if (ctx.locale === 'en') {
    const excerpt = c.location ? `${c.location}: ${c.description}` : c.description;
    return fitSms(`[${ctx.countyShortName} Police] URGENT help in ${ctx.villageName}, please assist; officer ${officerName} notified. {excerpt}`, excerpt);
  }
  const excerpt = c.location ? `${c.location}：${c.description}` : c.description;
  return fitSms(`【${ctx.countyShortName}村警】${ctx.villageName}紧急求助，请就近协助，已通知民警${officerName}。{excerpt}`, excerpt);
}

/** A case nobody acknowledged in time, passed up to the next level's duty contact. */
export function escalationSms(ctx: SmsContext, c: CaseFacts, link?: string): string {
  if (ctx.locale === 'en') {
    return fitSms(`[${ctx.countyShortName} Police] Not acknowledged in time, now yours: ${urgentMark('en', c)}${kindLabel('en', c.kind)} ${c.caseNumber}, ${ctx.villageName}: {excerpt}${withLink(link)}`, c.description);
  }
  return fitSms(`【${ctx.countyShortName}村警】超时未签收，已上报：${urgentMark('zh-CN', c)}${kindLabel('zh-CN', c.kind)}${c.caseNumber} ${ctx.villageName}：{excerpt}${withLink(link)}`, c.description);
}

/** Reported up by hand (上报): the level's duty contact hears who sent it up and why, at once. `why` is `name：reason`. */
export function reportedUpSms(ctx: SmsContext, c: CaseFacts, why: string, link?: string): string {
  if (ctx.locale === 'en') return fitSms(`[${ctx.countyShortName} Police] Reported up to you: ${urgentMark('en', c)}${kindLabel('en', c.kind)} ${c.caseNumber}, ${ctx.villageName}: {excerpt}${withLink(link)}`, why);
  return fitSms(`【${ctx.countyShortName}村警】上报：${urgentMark('zh-CN', c)}${kindLabel('zh-CN', c.kind)}${c.caseNumber} ${ctx.villageName}，{excerpt}${withLink(link)}`, why);
}

/** Assigned down (下派) to a village officer by the office, station or bureau. */
export function assignedSms(ctx: SmsContext, c: CaseFacts, link?: string): string {
  if (ctx.locale === 'en') return fitSms(`[${ctx.countyShortName} Police] Assigned to you: ${urgentMark('en', c)}${kindLabel('en', c.kind)} ${c.caseNumber}, ${ctx.villageName}: {excerpt}${withLink(link)}`, c.description);
  return fitSms(`【${ctx.countyShortName}村警】下派：${urgentMark('zh-CN', c)}${kindLabel('zh-CN', c.kind)}${c.caseNumber} ${ctx.villageName}：{excerpt}${withLink(link)}`, c.description);
}

/** The resident (for a tip: the tipster) answered the officer's question on the track page. */
export function answerSms(ctx: Pick<SmsContext, 'locale' | 'countyShortName'>, c: Pick<CaseRecord, 'caseNumber' | 'urgent' | 'kind'>, answer: string, link?: string): string {
  const tip = c.kind === 'tip';
  if (ctx.locale === 'en') return fitSms(`[${ctx.countyShortName} Police] ${urgentMark('en', c)}${c.caseNumber}: the ${tip ? 'tipster' : 'resident'} answered: {excerpt}${withLink(link)}`, answer);
  return fitSms(`【${ctx.countyShortName}村警】${urgentMark('zh-CN', c)}${c.caseNumber} ${tip ? '举报人' : '群众'}回复：{excerpt}${withLink(link)}`, answer);
}

/** To a resident who asked for updates. */
export function residentSms(ctx: Pick<SmsContext, 'locale' | 'countyShortName'>, caseNumber: string, event: 'acknowledged' | 'resolved', trackUrl?: string): string {
  if (ctx.locale === 'en') {
    return event === 'acknowledged'
      ? `[${ctx.countyShortName} Police] Your report ${caseNumber} was acknowledged by the officer and is being handled.`
      : `[${ctx.countyShortName} Police] Your report ${caseNumber} is resolved. Please rate how it was handled${trackUrl ? `: ${trackUrl}` : '.'}`;
  }
  return event === 'acknowledged'
    ? `【${ctx.countyShortName}村警】您反映的${caseNumber}已由民警签收，正在办理。`
    : `【${ctx.countyShortName}村警】您反映的${caseNumber}已办结，欢迎评价${trackUrl ? `：${trackUrl}` : '。'}`;
}
