/**
 * The small interfaces the domain depends on. DynamoDB, SNS and the local outbox are adapters.
 */
import type { CaseRecord, CaseStatus, EscalationLevel, NotificationRecord, NotificationRole, TimelineEntry, TimelinePage } from './case.ts';
import type { CounterDelta, CounterItem } from './counters.ts';
import type { AttachedPhoto } from './photos.ts';
import type { County } from './county.ts';
import type { InboxCase } from './inbox.ts';
import type { LinkRecord } from './links.ts';
import type { PlannedSms } from './routing.ts';
import type { RenderedSms } from './sms-templates.ts';
import type { CaseSummary } from './stats.ts';

export interface IdempotencyClaim {
  /** Hash of the client's Idempotency-Key (the key itself is never stored). */
  readonly keyHash: string;
  /** Hash of the request body, so the same key with another body is refused. */
  readonly requestHash: string;
  readonly expiresAt: Date;
}

/** The first answer to an idempotent submission, as stored beside the case. */
export interface IdempotencyRecord {
  readonly caseNumber: string;
  readonly villageId: string;
  readonly requestHash: string;
}

/**
 * One change to a case, written in one transaction: the case item's fields, the timeline entries
 * and the SMS items the change calls for (sent afterwards by the stream handler, which reacts to new
 * SMS items only, so a change and its SMS are never apart and nothing else re-runs routing).
 */
export interface CaseChange {
  readonly at: string;
  readonly set?: Partial<Pick<CaseRecord, 'status' | 'level' | 'escalateAt' | 'villageId' | 'officeId' | 'stationId' | 'officerId' | 'reward' | 'updates' | 'transfers' | 'ackAt' | 'resolvedAt' | 'slaDueAt' | 'heldSince' | 'heldEscalations' | 'heldAckAt' | 'heldDueAt'>>;
  /** Set only where not set yet (the first acknowledgement stays the first). */
  readonly setOnce?: Partial<Pick<CaseRecord, 'ackAt' | 'heldAckAt' | 'heldDueAt'>>;
  readonly increment?: { readonly escalations?: number; readonly heldEscalations?: number; readonly questions?: number; readonly answers?: number };
  /**
   * `escalateAt`: the case leaves the escalation queue (acknowledged, or taken in hand);
   * `ackAt`: the case goes back to `received` for someone who has not acknowledged it yet;
   * `heldAckAt`, `heldDueAt`: the holding ends (the case changes hands, see `CaseRecord`).
   */
  readonly remove?: readonly ('escalateAt' | 'ackAt' | 'heldAckAt' | 'heldDueAt')[];
  readonly entries: readonly TimelineEntry[];
  readonly sms?: readonly PlannedSms[];
  /** Photos attached to the case item (functions/domain/photos.ts), after those it has. */
  readonly appendPhotos?: readonly AttachedPhoto[];
  /** Monthly counters the change moves (functions/domain/counters.ts), written in the same transaction. */
  readonly counters?: readonly CounterDelta[];
  /** The staff action that makes the change, for the audit log, written in the same transaction. */
  readonly audit?: AuditEntry;
  /** The change applies only while the case is as the caller saw it. */
  readonly expect?: {
    readonly status?: readonly CaseStatus[];
    readonly level?: EscalationLevel;
    readonly escalateAt?: string;
    readonly villageId?: string;
    /** No reward payout recorded yet (a paid reward is settled). */
    readonly rewardUnpaid?: boolean;
  };
}

/** A case waiting in the escalation queue, as the byDue index returns it. */
export interface DueCase {
  readonly caseNumber: string;
  readonly escalateAt: string;
}

export type CreateCaseResult =
  | { readonly created: true }
  /** The Idempotency-Key was used before: the first answer's record. */
  | { readonly created: false; readonly first: IdempotencyRecord }
  /** A case with this number exists already (a retry that recreates a case lost between the two writes). */
  | { readonly created: false; readonly first?: undefined };

/** An SMS item of a case, as the router and the admin console see it. */
export interface StoredSms extends NotificationRecord {
  readonly id: string;
}

/** What a claim on an SMS item found: this attempt's number, already done (sent, or failed for good), or held by a live lease. */
export type SmsClaim = number | 'done' | 'busy';

export interface CaseStore {
  /** A case sequence number unique within the county and year (gaps allowed, repeats never). */
  nextSequence(countyCode: string, year: number): Promise<number>;
  /**
   * Writes a new case (one conditional put). With an idempotency claim the key's record is written
   * first, in its own conditional put, so a submission is two ordered writes rather than one
   * transaction (which costs twice): when the key was already used, nothing is written and the
   * first answer's record comes back; the caller makes sure that first case exists.
   */
  create(record: CaseRecord, idempotency?: IdempotencyClaim): Promise<CreateCaseResult>;
  /** The case item (status, routing, summary): one read of a bounded item. */
  get(caseNumber: string, options?: { consistent?: boolean }): Promise<CaseRecord | undefined>;
  /**
   * The newest `limit` entries of the case's timeline (only public ones with `publicOnly`): a bounded
   * query. Public pages carry a `before` cursor to the older ones; passing it back reads that page
   * (a cursor the store did not give is a FieldError on `before`).
   */
  timeline(caseNumber: string, options: { limit: number; publicOnly?: boolean; before?: string }): Promise<TimelinePage>;
  /** The case's SMS items (at most `limit`, oldest first). */
  notifications(caseNumber: string, limit: number): Promise<StoredSms[]>;
  /**
   * Claims the right to send SMS item `sms.id` of a case: succeeds when it was never attempted (the
   * item is created, for a new case's routing), is pending, failed with attempts left, or when an
   * earlier claim's lease ran out.
   */
  claimNotification(caseNumber: string, sms: PlannedSms, claim: { now: Date; leaseMs: number; maxAttempts: number }): Promise<SmsClaim>;
  /** Records the outcome of a claimed SMS and its timeline entry, in one transaction. */
  settleNotification(caseNumber: string, id: string, record: NotificationRecord, entry: TimelineEntry): Promise<void>;
  /** Applies a change if the case still meets `change.expect`; false when it did not (someone else acted first). */
  updateCase(caseNumber: string, change: CaseChange): Promise<boolean>;
  /** Unacknowledged cases whose escalation time has come, oldest first, at most `limit`. */
  dueCases(now: Date, limit: number): Promise<DueCase[]>;
  /**
   * One page of every unacknowledged case of any month (the escalation queue, by escalation time,
   * those at the top of the chain last): a bounded query of the queue and one batch read of the cases.
   */
  pageUnacknowledged(options: { limit: number; cursor?: string }): Promise<{ items: CaseSummary[]; cursor?: string }>;
  /** A village's open cases, urgent first and then oldest first, at most `limit` (the officer inbox). */
  openCases(villageId: string, limit: number): Promise<InboxCase[]>;
  /** The SLA deadline (`slaDueAt`) of each of these cases, by case number: one batch read (the inbox's overdue mark). */
  slaDeadlines(caseNumbers: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** One page of a month's cases, newest first (`from`/`to` bound createdAt within the month). */
  pageInMonth(month: string, options: { limit: number; cursor?: string; from?: string; to?: string }): Promise<{ items: CaseSummary[]; cursor?: string }>;
}

export interface LinkStore {
  /** Stores a link unless it exists (a retried SMS keeps the generation its link was made with). */
  put(link: LinkRecord): Promise<void>;
  get(tokenHash: string): Promise<LinkRecord | undefined>;
}

export interface Rating {
  readonly caseNumber: string;
  readonly score: 1 | 2 | 3 | 4 | 5;
  readonly comment?: string;
  readonly createdAt: string;
  readonly villageId: string;
  readonly officerId: string;
}

export interface RatingStore {
  /**
   * Stores the rating and marks the case rated, only if the case is resolved and not yet rated;
   * the counters move in the same transaction.
   */
  rate(rating: Rating, entry: TimelineEntry, counters: readonly CounterDelta[]): Promise<'rated' | 'not_resolved' | 'already_rated'>;
}

/** The monthly counters (functions/domain/counters.ts). */
export interface CounterStore {
  /**
   * Counts a new case once, however often the stream delivers it: true when this call counted it,
   * false when it had been counted already.
   */
  countNew(caseNumber: string, counters: readonly CounterDelta[]): Promise<boolean>;
  /** A month's counter items whose area starts with `prefix` (`county` is read by that name; '' reads all). */
  read(month: string, prefix: string): Promise<CounterItem[]>;
  /** Marks a case counted without counting it (a rebuild counts it); false when it was counted already. */
  markCounted(caseNumber: string): Promise<boolean>;
  /** Replaces a month's counter items with these totals; items of other areas are deleted. */
  replaceMonth(month: string, totals: readonly CounterDelta[]): Promise<void>;
}

export interface RosterStore {
  /** The number of the county's current roster version (one consistent read); none in an empty table. */
  currentVersion(countyCode: string): Promise<number | undefined>;
  /** The county's roster: its current version, or `version`. */
  loadCounty(countyCode: string, version?: number): Promise<County | undefined>;
  /** Saves the whole roster as a new version and makes it current; returns the version number. */
  saveCounty(county: County): Promise<number>;
}

export interface SmsMessage extends RenderedSms {
  readonly to: string;
  readonly role: NotificationRole | 'login' | 'digest';
  readonly caseNumber?: string;
  /** The case's village: the SMS gate's circuit breaker counts per village. */
  readonly villageId?: string;
  /** Urgent help: never held for a digest, and may use the budget's reserved share. */
  readonly urgent?: boolean;
}

/** A village phone's digest of held case SMS. */
export interface HeldDigest {
  readonly villageId: string;
  readonly role: string;
  readonly to: string;
  /** Cases held so far. */
  readonly held: number;
  /** When the first of them was held (ISO). */
  readonly since: string;
}

/** What the SMS gate keeps: window counters, the month's spend, the digests. */
export interface SmsGateStore extends LimitStore {
  /** Adds `microUsd` to the county's spend of `month` if the total stays within `limitMicroUsd`; false (and nothing added) otherwise. */
  spend(countyCode: string, month: string, microUsd: number, limitMicroUsd: number): Promise<boolean>;
  /** One more held case in the digest of `to` (due at `dueAt` unless a due time is set). */
  holdForDigest(countyCode: string, key: { villageId: string; role: string; to: string }, now: Date, dueAt: Date): Promise<void>;
  /** Digests with held cases whose time has come. */
  dueDigests(countyCode: string, now: Date): Promise<HeldDigest[]>;
  /** The digest went out: its cases leave it; the next one is due at `nextDueAt`. */
  takeDigest(countyCode: string, digest: HeldDigest, now: Date, nextDueAt: Date): Promise<void>;
}

/** Sends one SMS; resolves with the provider's message id, rejects when the provider refused it. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The system clock moved forward by hand: the local stack's time travel (`POST /dev/clock`). */
export class OffsetClock implements Clock {
  #offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
  advance(ms: number): void {
    this.#offsetMs += ms;
  }
  get offsetMs(): number {
    return this.#offsetMs;
  }
}

/** Where a staff action came from: the admin console (a session) or a one-tap link in an SMS. */
/** Where a staff action came from: the console, an SMS's one-tap link, or the officer inbox (`/o/inbox`). */
export type AuditChannel = 'console' | 'link' | 'inbox';

/** One staff action, kept append-only for the bureau to review. */
export interface AuditEntry {
  readonly at: string;
  readonly principalId: string;
  readonly name: string;
  readonly role: string;
  /** e.g. `case.acknowledge`, `roster.import`, `alert.publish`, `login`. */
  readonly action: string;
  readonly channel?: AuditChannel;
  readonly caseNumber?: string;
  readonly ip?: string;
  readonly detail?: string;
}

/** Counters for limits: items keyed by a purpose and a keyed hash, expiring with their window. */
export interface LimitStore {
  /** Counts one hit on `key` in the current window; resolves with the count so far in that window. */
  hit(key: string, windowSeconds: number, now: Date): Promise<number>;
  /**
   * Counts one hit on each of several counters kept in one item, in one write: `counters` gives each
   * counter's window in seconds, every window dividing the longest, for which the item lives.
   * Resolves with each counter's hits so far in its current window.
   */
  hitCounters<K extends string>(key: string, counters: Readonly<Record<K, number>>, now: Date): Promise<Record<K, number>>;
  /** True the first time `key` is claimed (until `expiresAt`), false ever after: a used proof of work, say. */
  claimOnce(key: string, expiresAt: Date, now: Date): Promise<boolean>;
}

/** What the server keeps of a signed-in session. */
export interface StoredSession {
  readonly principalId: string;
  /** The phone the code went to: a roster change that gives the id another phone ends the session. */
  readonly phone: string;
}

export interface AdminStore extends LimitStore {
  /** Stores a sign-in code's hash for a phone, replacing an earlier one. */
  putLoginCode(phone: string, codeHash: string, expiresAt: Date): Promise<void>;
  /**
   * Spends one try on the phone's code: true (and the code is used up) when the hash matches an
   * unexpired code with tries left; false otherwise.
   */
  useLoginCode(phone: string, codeHash: string, now: Date, maxTries: number): Promise<boolean>;
  /** Remembers a signed-in session until it expires (the cookie alone is not enough). */
  putSession(sid: string, session: StoredSession, expiresAt: Date): Promise<void>;
  getSession(sid: string): Promise<StoredSession | undefined>;
  /** Forgets a session: its cookie no longer signs anyone in. */
  deleteSession(sid: string): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
  /** A month's audit entries (YYYY-MM), newest first. */
  auditLog(month: string, limit: number): Promise<AuditEntry[]>;
}

/** An officer's long-lived session on one phone (the inbox at `/o/`), as the server keeps it. */
export interface DeviceSession {
  readonly sid: string;
  readonly principalId: string;
  /** The phone the sign-in code went to: a roster change that gives the post another phone ends it. */
  readonly phone: string;
  /** What the phone's browser says it is (its User-Agent, shortened), for the devices list. */
  readonly label: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Device sessions per person: listed and revoked from the console, ended by roster changes. */
export interface DeviceStore {
  putDevice(device: DeviceSession): Promise<void>;
  /** Extends a device session that still exists (a revoked one stays revoked); false when it is gone. */
  renewDevice(principalId: string, sid: string, expiresAt: Date): Promise<boolean>;
  getDevice(principalId: string, sid: string): Promise<DeviceSession | undefined>;
  /** A person's device sessions, oldest first. */
  devices(principalId: string): Promise<DeviceSession[]>;
  /** Ends one device session; false when there was none. */
  revokeDevice(principalId: string, sid: string): Promise<boolean>;
  /** Ends every device session of a person; resolves with how many there were. */
  revokeDevices(principalId: string): Promise<number>;
}
