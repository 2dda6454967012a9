/**
 * Cases: what a resident sends and what becomes of it. Kinds, statuses, the submission shape, the
 * case record, its timeline entries and SMS intents, a new case and its SLA. Pure TypeScript: no AWS,
 * no HTTP. Case numbers, tracking codes, phones, time zones and the errors live in modules of their
 * own (case-number.ts, tracking-code.ts, phone.ts, time.ts, errors.ts).
 */
import * as z from 'zod/mini';
import { blankAsUndefined, text } from './z.ts';
import type { AttachedPhoto } from './photos.ts';
import type { County, VillageView } from './county.ts';
import { normalisePhone } from './phone.ts';
import { monthIn } from './time.ts';
import { hashTrackingCode, newTrackingCode } from './tracking-code.ts';

export const CASE_KINDS = ['tip', 'dispute', 'hazard', 'service', 'help'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STATUSES = ['received', 'acknowledged', 'in_progress', 'resolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** 1 village officer → 2 central office → 3 station → 4 bureau duty desk. */
export type EscalationLevel = 1 | 2 | 3 | 4;

/** The fewest characters of a description that tell an officer something. */
export const DESCRIPTION_MIN = 5;

export const LIMITS = {
  description: 500,
  category: 40,
  name: 40,
  location: 120,
  comment: 300,
} as const;

// A resident's fields carry no message of their own: the error map (field-errors.ts) words them in the reader's language.
const optionalText = (max: number) => blankAsUndefined(z.optional(text(0, max)));

/** Accepts JSON booleans and HTML form values ("on", "true", "1", "yes" / "off", "false", "0", "no"). */
const flag = z.pipe(
  z.transform((v: unknown) => {
    if (typeof v !== 'string') return v;
    const s = v.trim().toLowerCase();
    if (s === '') return undefined;
    if (['on', 'true', '1', 'yes'].includes(s)) return true;
    if (['off', 'false', '0', 'no'].includes(s)) return false;
    return v;
  }),
  z.optional(z.boolean()),
);

/** A coordinate in degrees (JSON number or form text); empty is none. */
const degrees = (max: number) => {
  return z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v)),
    z.optional(z.number().check(z.gte(-max), z.lte(max))),
  );
};

/** What a resident submits (JSON body or HTML form fields). */
export const SubmissionSchema = z.pipe(
  z.object({
    kind: z.enum(CASE_KINDS),
    villageId: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
    description: text(DESCRIPTION_MIN, LIMITS.description),
    category: optionalText(LIMITS.category),
    urgent: flag,
    anonymous: flag,
    name: optionalText(LIMITS.name),
    phone: z.pipe(
      z.transform((v: unknown) => (typeof v === 'string' ? v.replace(/[\s-]/g, '') || undefined : v)),
      z.optional(z.string().check(z.regex(/^(\+[1-9]\d{6,14}|1\d{10})$/))),
    ),
    location: optionalText(LIMITS.location),
    /** Where the resident is (the form's optional "use my position"), WGS-84 degrees; both or neither. */
    latitude: degrees(90),
    longitude: degrees(180),
    /** The resident wants an SMS when the case is acknowledged and when it is resolved. */
    updates: flag,
  }).check(z.refine((s) => (s.latitude === undefined) === (s.longitude === undefined), { path: ['longitude'] })),
  z.transform((s) => {
    // Tips are anonymous unless the resident says otherwise; an anonymous case keeps no name and
    // no phone number, whatever was sent.
    const anonymous = s.anonymous ?? s.kind === 'tip';
    return {
      ...s,
      anonymous,
      urgent: s.kind === 'help' && s.urgent === true,
      name: anonymous ? undefined : s.name,
      phone: anonymous ? undefined : s.phone && normalisePhone(s.phone),
      // Updates need a phone to go to, and an anonymous case keeps none.
      updates: !anonymous && s.phone !== undefined && s.updates === true,
    };
  }),
);
export type Submission = z.output<typeof SubmissionSchema>;

/** A client's Idempotency-Key: the tracking code derives from it, so it must not be guessable. */
export const IdempotencyKeySchema = z
  .string()
  .check(z.trim(), z.regex(/^[A-Za-z0-9._:-]{16,128}$/, 'must be 16 to 128 letters, digits, dots, dashes, colons or underscores (a UUID fits)'));

export const TIMELINE_TYPES = [
  'received',
  'notified',
  'notify_failed',
  'escalated',
  'acknowledged',
  'reply',
  'note',
  'status',
  'question',
  'answer',
  'transferred',
  /** A station, office or the bureau handed the case down to a village officer (下派). */
  'assigned',
  'reward',
  'reward_paid',
  'updates_stopped',
  'rated',
  'reopened',
  'photo',
  'photo_refused',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

/** Who acted, as shown on the timeline: a role and a name from the roster, never a phone number. */
export interface Actor {
  readonly role: 'officer' | 'assistant' | 'office' | 'station' | 'bureau' | 'informant' | 'resident' | 'system';
  readonly name: string;
}

export interface TimelineEntry {
  readonly at: string;
  readonly type: TimelineType;
  readonly actor?: Actor;
  /** Public entries are shown to the resident; internal ones never leave the admin side. */
  readonly visibility: 'public' | 'internal';
  /** Free text written by a person (a reply, a note); generated entries carry `params` instead. */
  readonly text?: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type NotificationRole = 'officer' | 'assistant' | 'defence' | 'escalation' | 'resident';
/** pending: written with the change that calls for it, waiting for the sender; then sending → sent | failed. */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** Which SMS: the words are made when it is sent, from the case as it is then. */
export const MESSAGE_KINDS = ['assignment', 'defence', 'escalation', 'transfer', 'reopened', 'answer', 'resident_ack', 'resident_resolved', 'reported_up', 'assigned'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Who an SMS goes to and what it says, before it is sent. */
export interface SmsIntent {
  readonly role: NotificationRole;
  readonly message: MessageKind;
  readonly to: string;
  /** The recipient's name, for the officer page's "acting as" and the timeline. */
  readonly name?: string;
  /** Escalation level the message is about (escalation messages). */
  readonly level?: EscalationLevel;
  /** Free text the message carries: the tipster's answer (`answer`), who reported up and why (`reported_up`), the assigner's reason (`assigned`). */
  readonly text?: string;
}

/** One SMS the case caused, keyed by a stable id so a redelivered stream record sends nothing twice. */
export interface NotificationRecord extends SmsIntent {
  readonly status: NotificationStatus;
  readonly attempts: number;
  /** The last attempt's time (or when written, before any). */
  readonly at: string;
  /** When the change that called for it was written (or the new case routed): never moves. */
  readonly queuedAt?: string;
  readonly messageId?: string;
  readonly error?: string;
}

/**
 * A tip's verification and reward (有奖举报). A verified tip with a tier may be claimed at the case's
 * station until `claimBy`, with the case number and the tracking code; the station records the payout
 * (when, and which staff member), never who collected it.
 */
export interface Reward {
  readonly verified: boolean;
  readonly tierId?: string;
  /** When the tip was first verified. */
  readonly verifiedAt?: string;
  /** The end of the claim period (verification + the county's `rewards.claimDays`), fixed when the tier is set. */
  readonly claimBy?: string;
  /** The payout, as the station recorded it in the console. */
  readonly paidAt?: string;
  readonly paidBy?: string;
}

/** Who filed a case for a resident: the village's information officer, by name from the roster. */
export interface FiledBy {
  readonly role: 'informant';
  readonly name: string;
}

export interface CaseRecord {
  readonly caseNumber: string;
  readonly countyCode: string;
  readonly kind: CaseKind;
  readonly status: CaseStatus;
  readonly villageId: string;
  readonly officeId: string;
  readonly stationId: string;
  readonly officerId: string;
  readonly description: string;
  readonly category?: string;
  readonly urgent: boolean;
  readonly anonymous: boolean;
  readonly name?: string;
  readonly phone?: string;
  readonly location?: string;
  /** The resident's position when sending (optional; WGS-84 degrees, rounded to about a metre). */
  readonly position?: { readonly lat: number; readonly lng: number };
  /** Filed on the resident's behalf, with their consent, by a village information officer (信息员). */
  readonly filedBy?: FiledBy;
  /** Photos attached (re-encoded, without metadata), oldest first: at most 3 per case and per answer. */
  readonly photos?: readonly AttachedPhoto[];
  /** The resident left a phone and asked for SMS when the case is acknowledged and resolved. */
  readonly updates: boolean;
  readonly trackingHash: string;
  readonly createdAt: string;
  /** Calendar month of `createdAt` in the county's time zone (YYYY-MM): the key of monthly figures. */
  readonly month: string;
  readonly updatedAt: string;
  /**
   * When the case's current holder must have acknowledged it: createdAt + SLA, set anew when the
   * case changes hands (a transfer, a reopening, a report up or an assignment down), never moved by
   * the climb itself, unlike `escalateAt`. A case still received past it is overdue (`isOverdue`).
   * The holder's acknowledgement counts as in time when it comes by then.
   */
  readonly slaDueAt: string;
  /**
   * The acknowledgement of whoever must act on the case now (or their first status change): shown
   * beside the status. Cleared whenever the case goes back to `received` for someone — reported up,
   * transferred, handed down, reopened — who acknowledges afresh; each acknowledgement stays on the
   * timeline.
   */
  readonly ackAt?: string;
  /**
   * The first acknowledgement while the current village officer holds the case (theirs, or the chain's
   * above them after a climb or a report up): what their figures count. Kept when the case goes up or
   * is reopened, where `ackAt` is cleared; cleared with the holding when the case changes hands.
   * Absent on a case written before it: `ackAt` stands for it.
   */
  readonly heldAckAt?: string;
  /**
   * The holder's own SLA deadline, kept when a report up or a reopening sets `slaDueAt` anew for
   * someone else: their acknowledgement is in time by it. Absent: `slaDueAt` is the holder's.
   */
  readonly heldDueAt?: string;
  /**
   * When the case reached its current village officer (the last transfer to another officer); absent:
   * since `createdAt`. Acknowledgement time is counted from it.
   */
  readonly heldSince?: string;
  /** Escalations while the current village officer held the case (the first one makes it an escalated case of theirs). */
  readonly heldEscalations?: number;
  readonly resolvedAt?: string;
  /** How many times the case climbed a level. */
  readonly escalations?: number;
  /** The resident's score, once rated (the rating itself is in the ratings table). */
  readonly ratingScore?: number;
  readonly level: EscalationLevel;
  /**
   * When the case climbs one level if nobody has acknowledged it (`AT_TOP` at the bureau duty desk:
   * never); absent once acknowledged. While present, the case waits in the queue of unacknowledged cases.
   */
  readonly escalateAt?: string;
  /** Questions the officer put to the tipster, and the tipster's answers (they number the answer SMS). */
  readonly questions?: number;
  readonly answers?: number;
  /** Tips: whether the officer verified the lead, and the reward tier from the county file. */
  readonly reward?: Reward;
  /** How many times the case moved to another village (numbers the transfer SMS). */
  readonly transfers?: number;
  readonly ratedAt?: string;
}

// ── New cases ───────────────────────────────────────────────────────────────────────────────────

export function slaMinutes(county: Pick<County, 'sla'>, kind: CaseKind, urgent: boolean): number {
  return kind === 'help' && urgent ? county.sla.helpUrgent : county.sla[kind];
}

export interface NewCase {
  readonly record: CaseRecord;
  /** Shown once to the resident; only its hash is stored. */
  readonly trackingCode: string;
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

/**
 * Builds a new case, ready to be written in one conditional write. Its first timeline entry
 * ("received") is the case's own `createdAt`: no item of its own (see `withReceived`).
 */
export function openCase(input: {
  readonly county: Pick<County, 'code' | 'sla' | 'timezone'>;
  readonly view: VillageView;
  readonly submission: Submission;
  readonly caseNumber: string;
  readonly submissionKey?: string;
  readonly now: Date;
  readonly filedBy?: FiledBy;
}): NewCase {
  const { county, view, submission, caseNumber, now } = input;
  const trackingCode = newTrackingCode(caseNumber, input.submissionKey);
  const at = now.toISOString();
  const escalateAt = new Date(now.getTime() + slaMinutes(county, submission.kind, submission.urgent) * 60_000);
  const record: CaseRecord = {
    caseNumber,
    countyCode: county.code,
    kind: submission.kind,
    status: 'received',
    villageId: view.village.id,
    officeId: view.office.id,
    stationId: view.station.id,
    officerId: view.officer.id,
    description: submission.description,
    ...(submission.category && { category: submission.category }),
    urgent: submission.urgent,
    anonymous: submission.anonymous,
    ...(submission.name && { name: submission.name }),
    ...(submission.phone && { phone: submission.phone }),
    ...(submission.location && { location: submission.location }),
    ...(input.filedBy && { filedBy: input.filedBy }),
    ...(submission.latitude !== undefined && submission.longitude !== undefined && { position: { lat: round5(submission.latitude), lng: round5(submission.longitude) } }),
    updates: submission.updates,
    trackingHash: hashTrackingCode(caseNumber, trackingCode),
    createdAt: at,
    month: monthIn(county.timezone, now),
    updatedAt: at,
    slaDueAt: escalateAt.toISOString(),
    level: 1,
    escalateAt: escalateAt.toISOString(),
  };
  return { record, trackingCode };
}

/**
 * Overdue: open and still not acknowledged past its holder's SLA, whatever level it climbed to
 * (a case at the bureau duty desk has no `escalateAt`, and each level sets a new one).
 */
export function isOverdue(c: Pick<CaseRecord, 'status'> & Partial<Pick<CaseRecord, 'slaDueAt'>>, now: Date | string): boolean {
  const at = typeof now === 'string' ? now : now.toISOString();
  return c.status === 'received' && c.slaDueAt !== undefined && c.slaDueAt <= at;
}

/** The holder's new SLA deadline when a case changes hands at `now`. */
export function slaDueFrom(county: Pick<County, 'sla'>, c: Pick<CaseRecord, 'kind' | 'urgent'>, now: Date): string {
  return new Date(now.getTime() + slaMinutes(county, c.kind, c.urgent) * 60_000).toISOString();
}

// ── Timeline ────────────────────────────────────────────────────────────────────────────────────

/**
 * The newest entries of a case's timeline, oldest first, as the store reads them: a bounded read,
 * whatever the number of entries. `complete` says no older entry exists.
 */
export interface TimelinePage {
  readonly entries: readonly TimelineEntry[];
  readonly complete: boolean;
  /** Public pages: the cursor of the page of entries older than these, while there may be some. */
  readonly before?: string;
}

/** The timeline to show: a complete page starts with the case's "received" entry (its `createdAt`). */
export function withReceived(record: Pick<CaseRecord, 'createdAt'>, page: TimelinePage): TimelineEntry[] {
  return page.complete ? [{ at: record.createdAt, type: 'received', visibility: 'public' }, ...page.entries] : [...page.entries];
}

/**
 * How many timeline entries the resident's track page and the staff pages show (the newest). Six
 * public entries of the longest kind (a 500-character reply, about 1.7 KB each) and the case item
 * are read with at most 2 read units; older entries are a page away (`before`).
 */
export const TIMELINE_PAGE = { public: 6, staff: 200 } as const;

