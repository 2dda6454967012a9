/**
 * The small interfaces the domain depends on. DynamoDB, SNS and the local outbox are adapters.
 */
import type { CaseRecord, NotificationRecord, NotificationRole, TimelineEntry } from './case.ts';
import type { County } from './county.ts';

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

export type CreateCaseResult = { readonly created: true } | { readonly created: false; readonly first: IdempotencyRecord };

export interface CaseStore {
  /** A case sequence number unique within the county and year (gaps allowed, repeats never). */
  nextSequence(countyCode: string, year: number): Promise<number>;
  /**
   * Writes a new case with its first timeline entry in one conditional write, together with the
   * idempotency record when the client sent a key. When that key was already used, nothing is
   * written and the first answer's record comes back.
   */
  create(record: CaseRecord, idempotency?: IdempotencyClaim): Promise<CreateCaseResult>;
  get(caseNumber: string): Promise<CaseRecord | undefined>;
  /**
   * Claims the right to send notification `id` of a case: succeeds when it was never attempted,
   * when it failed (and has attempts left), or when an earlier claim's lease ran out. Resolves with
   * this attempt's number, or undefined when the notification is not to be sent (again).
   */
  claimNotification(caseNumber: string, id: string, claim: { role: NotificationRole; to: string; now: Date; leaseMs: number; maxAttempts: number }): Promise<number | undefined>;
  /** Records the outcome of a claimed notification and, optionally, a timeline entry. */
  settleNotification(caseNumber: string, id: string, record: NotificationRecord, entry?: TimelineEntry): Promise<void>;
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
  /** Stores the rating and marks the case rated, only if the case is resolved and not yet rated. */
  rate(rating: Rating, entry: TimelineEntry): Promise<'rated' | 'not_resolved' | 'already_rated'>;
}

export interface RosterStore {
  loadCounty(countyCode: string): Promise<County | undefined>;
  saveCounty(county: County): Promise<void>;
}

export interface SmsMessage {
  readonly to: string;
  readonly body: string;
  readonly role: NotificationRole | 'login';
  readonly caseNumber?: string;
}

/** Sends one SMS; resolves with the provider's message id, rejects when the provider refused it. */
export interface SmsSender {
  send(message: SmsMessage): Promise<{ messageId: string }>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
