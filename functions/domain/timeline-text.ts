/**
 * The words of a timeline entry, for the one who reads it: the resident (track page, the API's
 * `text`) or the staff (console, officer's case page). Generated entries store a type and
 * parameters; the text is made when read, in the reader's language, from the message catalogue
 * (functions/messages/timeline).
 */
import type { TimelineEntry } from './case.ts';
import type { Locale } from './county.ts';
import { fmt, words, type TimelineMessages, type Words } from '../messages/index.ts';
import zh from '../messages/timeline/zh-CN.ts';
import en from '../messages/timeline/en.ts';

const TIMELINE: Readonly<Record<Locale, TimelineMessages>> = { 'zh-CN': zh, en };

/** Who reads the timeline: the resident who sent the case, or the police who handle it. */
export type Audience = 'resident' | 'staff';

type EntryKey = keyof TimelineMessages['resident'];

/** What is read of an entry (the console's copy of the type has `type: string`: an unknown type reads as nothing). */
type EntryFacts = Pick<TimelineEntry, 'text' | 'params'> & { readonly type: TimelineEntry['type'] | (string & {}) };

export function timelineText(locale: Locale, entry: EntryFacts, audience: Audience = 'resident'): string {
  return entryText(TIMELINE[locale], words(locale), entry, audience);
}

/**
 * The same from a language's timeline section and words: for the console, which loads the English
 * ones only when someone reads English (importing this alone does not bring both languages).
 */
export function entryText(m: TimelineMessages, w: Words, entry: EntryFacts, audience: Audience): string {
  const p = entry.params ?? {};
  const say = (key: EntryKey | (string & {}), params: Record<string, string | number> = {}) => fmt((m[audience] as Record<string, string>)[key] ?? '', { text: entry.text ?? '', ...params });
  switch (entry.type) {
    case 'notified':
    case 'notify_failed':
      return say(entry.type, { role: (m.roles[audience] as Record<string, string>)[String(p.role)] ?? '' });
    case 'escalated':
      return say(p.by === 'hand' ? 'reported' : 'escalated', { level: (w.level as Record<string, string>)[String(p.level)] ?? '' });
    case 'status':
      return say('status', { status: (w.status as Record<string, string>)[String(p.status)] ?? String(p.status) });
    case 'rated':
      return say('rated', { score: String(p.score ?? '') });
    case 'transferred':
    case 'assigned':
      return say(entry.type, { village: String(p.village ?? ''), officer: String(p.officer ?? '') });
    case 'reward':
      return p.verified === 'yes' ? (p.tier ? say('rewardTier', { tier: String(p.tier) }) : say('rewardVerified')) : say('rewardNotVerified');
    case 'photo_refused':
      return say('photo_refused', { reason: (m.photoRefusal as Record<string, string>)[String(p.reason)] ?? '' });
    default:
      return say(entry.type);
  }
}
