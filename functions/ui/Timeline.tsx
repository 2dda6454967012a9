/**
 * A case's timeline as a list, newest last: each entry's time (as the reader reads it, with the
 * machine-readable instant) above its text; an officer's reply to the resident stands out. The track
 * page (the resident's entries and replies) and the officer's case page (the staff's) both show it.
 */
import type { Child } from 'hono/jsx';

export interface TimelineItem {
  /** When, as an ISO instant (the `datetime`), for pages that give it (the resident's: the staff's phone pages stay lighter). @default - none */
  readonly at?: string;
  /** When, as the reader reads it. */
  readonly when: string;
  readonly text: Child;
  /** An officer's reply to the resident, set apart. @default false */
  readonly reply?: boolean;
}

interface Props {
  readonly items: readonly TimelineItem[];
  /** A numbered list (the whole timeline) or a plain one (some of its entries). @default true */
  readonly ordered?: boolean;
}

export function Timeline({ items, ordered = true }: Props) {
  const entries = items.map((e) => (
    <li>
      <time datetime={e.at}>{e.when}</time>
      <span class={e.reply ? 'reply' : undefined}>{e.text}</span>
    </li>
  ));
  return ordered ? <ol class="timeline">{entries}</ol> : <ul class="timeline">{entries}</ul>;
}
