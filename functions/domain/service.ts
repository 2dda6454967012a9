/**
 * What residents and the router do with cases, written once against the ports. The API and the
 * Lambda handlers call these; the local stack calls the very same handlers.
 */
import { createHash } from 'node:crypto';
import { ConflictError, FieldError, NotFoundError } from './errors.ts';
import { formatCaseNumber, isCaseNumber } from './case-number.ts';
import { slaDueFrom, openCase, type CaseRecord, type CaseStatus, type CaseKind, type FiledBy, type Submission } from './case.ts';
import { trackingCodeMatches } from './tracking-code.ts';
import { yearIn } from './time.ts';
import { backToReceived, counted, ratingCounters } from './counters.ts';
import { indexVillages, type County, type VillageView } from './county.ts';
import type { CaseStore, Clock, RatingStore, RosterStore } from './ports.ts';
import { planAnswer, planNewCase, planReopen } from './routing.ts';

/** How old a roster the router and staff actions may use: a roster change reaches them within seconds. */
export const ROSTER_MAX_AGE_MS = 5_000;

/** The roster as the API and the router see it, re-read from the store at most every `ttlMs`. */
export class CountySource {
  readonly #roster: RosterStore;
  readonly #code: string;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  #cached?: { county: County; villages: Map<string, VillageView>; at: number; version: number | undefined };

  constructor(roster: RosterStore, countyCode: string, options: { ttlMs?: number; clock: Clock }) {
    this.#roster = roster;
    this.#code = countyCode;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#clock = options.clock;
  }

  /**
   * The roster, from memory when younger than `maxAgeMs` (default: the source's TTL); `fresh` asks
   * the store which version is current whatever the age, and reads and parses the roster again only
   * when that version is not the one in memory (a save always makes a new version: roster.ts).
   */
  async get(options: { fresh?: boolean; maxAgeMs?: number } = {}): Promise<{ county: County; villages: Map<string, VillageView> }> {
    const now = this.#clock.now().getTime();
    const maxAge = options.maxAgeMs ?? this.#ttlMs;
    const cached = this.#cached;
    if (!options.fresh && cached && now - cached.at < maxAge) return cached;
    const version = await this.#roster.currentVersion(this.#code);
    if (cached && version !== undefined && version === cached.version) {
      this.#cached = { ...cached, at: now };
      return this.#cached;
    }
    const county = version === undefined ? undefined : await this.#roster.loadCounty(this.#code, version);
    if (!county) throw new Error(`county ${this.#code} has no roster in the store: load its county file first`);
    this.#cached = { county, villages: indexVillages(county), at: now, version };
    return this.#cached;
  }
}

export interface CaseServiceDeps {
  readonly cases: CaseStore;
  readonly ratings: RatingStore;
  readonly county: CountySource;
  readonly clock: Clock;
  /**
   * The deployment's secret. A tracking code derived from a client's Idempotency-Key is keyed with
   * it too, so knowing (or guessing) a key and a case number is not enough to work out the code.
   */
  readonly secret: string;
}

export interface Receipt {
  readonly caseNumber: string;
  readonly trackingCode: string;
  readonly status: CaseStatus;
  readonly villageId: string;
}

const IDEMPOTENCY_HOURS = 24;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Stable fingerprint of a submission, so a reused Idempotency-Key with another body is caught. */
export function fingerprint(submission: Submission): string {
  const ordered = Object.fromEntries(Object.entries(submission).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
  return sha256(JSON.stringify(ordered));
}

export interface SubmitOptions {
  /** How long the idempotency record lasts. @default 24 hours (an implicit key from a form post: 10 minutes) */
  readonly idempotencyMs?: number;
  /** A village information officer files the case on the resident's behalf. @default - the resident sends it */
  readonly filedBy?: FiledBy;
}

export async function submitCase(deps: Pick<CaseServiceDeps, 'cases' | 'county' | 'clock' | 'secret'>, submission: Submission, idempotencyKey?: string, options: SubmitOptions = {}): Promise<Receipt> {
  const { county, villages } = await deps.county.get();
  const view = villages.get(submission.villageId);
  if (!view) throw new FieldError('villageId', `unknown village "${submission.villageId}"`);

  const now = deps.clock.now();
  const year = yearIn(county.timezone, now);
  const caseNumber = formatCaseNumber(county.code, year, await deps.cases.nextSequence(county.code, year));
  const submissionKey = idempotencyKey === undefined ? undefined : `${deps.secret}:${idempotencyKey}`;
  const { record, trackingCode } = openCase({ county, view, submission, caseNumber, submissionKey, now, ...(options.filedBy && { filedBy: options.filedBy }) });
  const requestHash = fingerprint(submission);
  const result = await deps.cases.create(
    record,
    idempotencyKey
      ? { keyHash: sha256(`${county.code}:${idempotencyKey}`), requestHash, expiresAt: new Date(now.getTime() + (options.idempotencyMs ?? IDEMPOTENCY_HOURS * 3_600_000)) }
      : undefined,
  );
  if (result.created) return { caseNumber, trackingCode, status: record.status, villageId: record.villageId };
  if (!result.first) throw new Error(`case number ${caseNumber} was taken twice`);

  // A retry: answer exactly as the first time. The code derives from the key and the first case number.
  if (result.first.requestHash !== requestHash) {
    throw new ConflictError('this Idempotency-Key was already used for a different request');
  }
  const first = openCase({ county, view, submission, caseNumber: result.first.caseNumber, submissionKey, now, ...(options.filedBy && { filedBy: options.filedBy }) });
  // The key is written before its case: if the first attempt stopped in between, write the case now.
  if (!(await deps.cases.get(first.record.caseNumber, { consistent: true }))) await deps.cases.create(first.record);
  return { caseNumber: result.first.caseNumber, trackingCode: first.trackingCode, status: 'received', villageId: result.first.villageId };
}

/** Finds a case by number and tracking code. A wrong code is answered exactly like an unknown case. */
export async function findWithCode(deps: CaseServiceDeps, caseNumber: string, trackingCode: string): Promise<CaseRecord> {
  const record = isCaseNumber(caseNumber) ? await deps.cases.get(caseNumber) : undefined;
  if (!record || !trackingCodeMatches(record, trackingCode)) throw new NotFoundError('no case with this number and tracking code');
  return record;
}

/** Who a new case's SMS go to, as its receipt tells the resident (joint-defence contacts counted, not named). */
export interface Alerted {
  readonly kind: CaseKind;
  readonly urgent: boolean;
  readonly officer: string;
  readonly assistant?: string;
  readonly defenceContacts: number;
}

/** Whom the case alerted when it was sent (the same plan the router sends by), for the receipt. */
export async function alertedFor(deps: CaseServiceDeps, caseNumber: string, trackingCode: string): Promise<Alerted> {
  const record = await findWithCode(deps, caseNumber, trackingCode);
  const { villages } = await deps.county.get();
  const view = villages.get(record.villageId);
  if (!view) throw new Error(`case ${record.caseNumber}: village ${record.villageId} is not in the roster`);
  const planned = planNewCase(view, record);
  const assistant = planned.find((sms) => sms.role === 'assistant')?.name;
  return {
    kind: record.kind,
    urgent: record.urgent === true,
    officer: view.officer.name,
    ...(assistant && { assistant }),
    defenceContacts: planned.filter((sms) => sms.role === 'defence').length,
  };
}

export async function rateCase(
  deps: CaseServiceDeps,
  input: { caseNumber: string; trackingCode: string; score: 1 | 2 | 3 | 4 | 5; comment?: string },
): Promise<void> {
  const record = await findWithCode(deps, input.caseNumber, input.trackingCode);
  const at = deps.clock.now().toISOString();
  const outcome = await deps.ratings.rate(
    { caseNumber: record.caseNumber, score: input.score, ...(input.comment && { comment: input.comment }), createdAt: at, villageId: record.villageId, officerId: record.officerId },
    { at, type: 'rated', visibility: 'public', params: { score: input.score } },
    ratingCounters(record, input.score),
  );
  if (outcome === 'not_resolved') throw new ConflictError('this case can be rated once it is resolved');
  if (outcome === 'already_rated') throw new ConflictError('this case has already been rated');
}

/** The resident (of any kind of case) answers the officer's question from the track page; the officer hears by SMS. */
export async function answerQuestion(deps: CaseServiceDeps, input: { caseNumber: string; trackingCode: string; text: string }): Promise<void> {
  const record = await findWithCode(deps, input.caseNumber, input.trackingCode);
  if (!record.questions) throw new ConflictError('there is no question to answer on this case');
  if (record.status === 'resolved') throw new ConflictError('this case is already resolved');
  const { villages } = await deps.county.get();
  const view = villages.get(record.villageId);
  if (!view) throw new Error(`case ${record.caseNumber}: village ${record.villageId} is not in the roster`);
  const at = deps.clock.now().toISOString();
  const ok = await deps.cases.updateCase(record.caseNumber, {
    at,
    increment: { answers: 1 },
    entries: [{ at, type: 'answer', visibility: 'public', text: input.text, actor: { role: 'resident', name: '' } }],
    sms: [planAnswer(view, (record.answers ?? 0) + 1, input.text)],
    expect: { status: ['received', 'acknowledged', 'in_progress'], villageId: record.villageId },
  });
  if (!ok) throw new ConflictError('the case changed meanwhile; reload and try again');
}

/**
 * "Not fixed": the resident reopens a resolved case with its tracking code, within the county's
 * `reopenDays` of its resolution. The case goes back to its village officer (received, level 1, a new
 * SLA), with a public timeline entry and the officer's SMS written in the same change.
 */
export async function reopenCase(deps: CaseServiceDeps, input: { caseNumber: string; trackingCode: string; text: string }): Promise<void> {
  const record = await findWithCode(deps, input.caseNumber, input.trackingCode);
  if (record.status !== 'resolved') throw new ConflictError('only a resolved case can be reopened');
  const { county, villages } = await deps.county.get();
  const now = deps.clock.now();
  const resolvedAt = Date.parse(record.resolvedAt ?? record.updatedAt);
  if (now.getTime() - resolvedAt > county.reopenDays * 86_400_000) throw new ConflictError(`a case can be reopened within ${county.reopenDays} days of its resolution`);
  const view = villages.get(record.villageId);
  if (!view) throw new Error(`case ${record.caseNumber}: village ${record.villageId} is not in the roster`);
  const at = now.toISOString();
  // A reopened case is resolved no more: its month counts it again once it is resolved again.
  const ok = await deps.cases.updateCase(record.caseNumber, counted(record, {
    at,
    ...backToReceived(record, { status: 'received', level: 1, escalateAt: slaDueFrom(county, record, now), slaDueAt: slaDueFrom(county, record, now) }),
    entries: [{ at, type: 'reopened', visibility: 'public', text: input.text, actor: { role: 'resident', name: '' } }],
    sms: [planReopen(view, at)],
    expect: { status: ['resolved'], villageId: record.villageId },
  }));
  if (!ok) throw new ConflictError('the case changed meanwhile; reload and try again');
}

/** A resident who asked for SMS updates stops them. */
export async function stopUpdates(deps: CaseServiceDeps, input: { caseNumber: string; trackingCode: string }): Promise<void> {
  const record = await findWithCode(deps, input.caseNumber, input.trackingCode);
  if (!record.updates) return;
  const at = deps.clock.now().toISOString();
  await deps.cases.updateCase(record.caseNumber, { at, set: { updates: false }, entries: [{ at, type: 'updates_stopped', visibility: 'public' }] });
}
