/**
 * What an officer (or assistant, or a duty officer up the chain) does from the one-tap link in an
 * SMS: acknowledge, reply to the resident, note internally, move the status, ask the tipster a
 * question, verify a tip and set its reward tier, transfer the case. Each action is one conditional
 * write with a timeline entry naming who acted, and the SMS it calls for.
 */
import * as z from 'zod/mini';
import { ConflictError, FieldError, NotFoundError } from './errors.ts';
import { LIMITS, slaDueFrom, type Actor, type CaseRecord, type EscalationLevel, type TimelineEntry } from './case.ts';
import { trackingCodeMatches } from './tracking-code.ts';
import { backToReceived, counted, holdingAckAt } from './counters.ts';
import type { County, VillageView } from './county.ts';
import { hashLinkToken, isLinkToken, linkMayOpen, linkUsable, type LinkRecord } from './links.ts';
import { principals } from './auth.ts';
import { can, type CaseAction } from './permissions.ts';
import type { AuditChannel, AuditEntry, CaseChange, CaseStore, Clock, LinkStore } from './ports.ts';
import { AT_TOP, TOP_LEVEL } from './escalation.ts';
import { dutyContact, planAssign, planReportUp, planResidentUpdate, planTransfer, type PlannedSms } from './routing.ts';
import { ROSTER_MAX_AGE_MS, type CountySource } from './service.ts';

export interface OfficerDeps {
  readonly cases: CaseStore;
  readonly links: LinkStore;
  readonly county: CountySource;
  readonly clock: Clock;
}

const text = z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(LIMITS.description, `at most ${LIMITS.description} characters`));

/** The actions, as the officer page posts them (form fields). */
export const OfficerActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('acknowledge') }),
  z.object({ action: z.literal('reply'), text }),
  z.object({ action: z.literal('note'), text }),
  z.object({ action: z.literal('status'), status: z.enum(['in_progress', 'resolved'], { message: 'must be in_progress or resolved' }) }),
  z.object({ action: z.literal('ask'), text }),
  z.object({
    action: z.literal('reward'),
    verified: z.pipe(
      z.enum(['yes', 'no'], { message: 'must be yes or no' }),
      z.transform((v) => v === 'yes'),
    ),
    tierId: z.pipe(
      z.transform((v: unknown) => (v === '' ? undefined : v)),
      z.optional(z.string().check(z.maxLength(40))),
    ),
  }),
  /** The station pays a verified tip's reward to whoever shows the case number and its tracking code (console only). */
  z.object({ action: z.literal('payout'), trackingCode: z.string({ message: 'is required' }).check(z.trim(), z.minLength(1, 'is required'), z.maxLength(32)) }),
  z.object({
    action: z.literal('transfer'),
    villageId: z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(40)),
    reason: z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.comment))),
  }),
  // 上报: to the next level, or a chosen one above it, with a reason.
  z.object({
    action: z.literal('escalate'),
    reason: z.string({ message: 'is required' }).check(z.trim(), z.minLength(1, 'is required'), z.maxLength(LIMITS.comment, `at most ${LIMITS.comment} characters`)),
    level: z.pipe(
      z.transform((v: unknown) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' ? Number(v) : v)),
      z.optional(z.union([z.literal(2), z.literal(3), z.literal(4)], { message: 'must be 2 (central police office), 3 (police station) or 4 (bureau duty desk)' })),
    ),
  }),
  // 下派: to the officer of a village in the actor's area (default: the case's own village).
  z.object({
    action: z.literal('assign'),
    villageId: z.pipe(
      z.transform((v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)),
      z.optional(z.string().check(z.trim(), z.maxLength(40))),
    ),
    reason: z.pipe(
      z.transform((v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)),
      z.optional(z.string().check(z.trim(), z.maxLength(LIMITS.comment, `at most ${LIMITS.comment} characters`))),
    ),
  }),
]);
export type OfficerAction = z.output<typeof OfficerActionSchema>;

/** The level each role stands at in the chain (1 village officer → 4 bureau duty desk). */
export const ROLE_LEVEL: Partial<Record<Actor['role'], EscalationLevel>> = { officer: 1, office: 2, station: 3, bureau: 4 };

/** The permission an action asks for (functions/domain/permissions.ts): a status change is `progress` or `resolve`. */
export function permissionFor(action: Pick<OfficerAction, 'action'> & { status?: string }): CaseAction {
  return action.action === 'status' ? (action.status === 'resolved' ? 'resolve' : 'progress') : action.action;
}

/** The villages `actor` may hand a case down to: those of the case's office, station, or the whole county for the bureau. */
export function assignable(villages: Map<string, VillageView>, record: Pick<CaseRecord, 'officeId' | 'stationId'>, actor: Actor): VillageView[] {
  return [...villages.values()].filter((v) =>
    actor.role === 'bureau' ? true : actor.role === 'station' ? v.station.id === record.stationId : actor.role === 'office' ? v.office.id === record.officeId : false,
  );
}

/** The levels `actor` may report a case up to: above both the case's level and the actor's own. */
export function reportLevels(record: Pick<CaseRecord, 'level'>, actor: Actor): EscalationLevel[] {
  const floor = Math.max(record.level, ROLE_LEVEL[actor.role] ?? 4);
  return ([2, 3, 4] as const).filter((l) => l > floor);
}

/**
 * Where `actor` may send a case they opened: the levels to report it up to and the villages to hand
 * it down to, none of either where their role may not (the action checks again).
 */
export function choicesFor(villages: Map<string, VillageView>, record: CaseRecord, actor: Actor): { reportLevels: EscalationLevel[]; assignTo: VillageView[] } {
  const who = { role: actor.role, opened: true } as const;
  return {
    reportLevels: can(who, 'escalate', record) ? reportLevels(record, actor) : [],
    assignTo: can(who, 'assign', record) ? assignable(villages, record, actor) : [],
  };
}

/** Who acted and through what, for the audit log. */
export interface ActionOrigin {
  readonly channel: AuditChannel;
  /** The roster id of who acted (`officer:wang-jun`, `assistant:dongshan`, `staff:ma-li`, `duty:station:…`). */
  readonly principalId: string;
  readonly ip?: string;
}

const DUTY_LEVEL = { office: 2, station: 3, bureau: 4 } as const;

/**
 * The roster id of who holds, now, the post a link was sent to for the case's village — the village's
 * officer or assistant, or the duty contact of its office, station or bureau — when the link's phone
 * is still that post's; undefined once a roster change (an edit or an import) gave the post to
 * someone else. A link acts only for its post's current holder.
 */
export function linkHolder(county: County, view: VillageView | undefined, link: Pick<LinkRecord, 'actor' | 'phone'>): string | undefined {
  if (!view) return undefined;
  const role = link.actor.role;
  if (role === 'officer') return view.officer.phone === link.phone ? `officer:${view.officer.id}` : undefined;
  if (role === 'assistant') return view.village.assistant.phone === link.phone ? `assistant:${view.village.id}` : undefined;
  if (role !== 'office' && role !== 'station' && role !== 'bureau') return undefined;
  const { contact } = dutyContact(county, view, DUTY_LEVEL[role]);
  if (contact.phone !== link.phone) return undefined;
  const area = role === 'office' ? `:${view.office.id}` : role === 'station' ? `:${view.station.id}` : '';
  return principals(county).get(link.phone)?.id ?? `duty:${role}${area}`;
}

const GONE = 'this link is unknown, expired or revoked';

/** The case behind a link, if the link is genuine, current, may open it, and its holder still holds the post. */
export async function openByLink(deps: OfficerDeps, token: string): Promise<{ link: LinkRecord; record: CaseRecord; holder: string }> {
  const link = isLinkToken(token) ? await deps.links.get(hashLinkToken(token)) : undefined;
  if (!linkUsable(link, deps.clock.now())) throw new NotFoundError(GONE);
  const [record, { county, villages }] = await Promise.all([deps.cases.get(link.caseNumber), deps.county.get({ maxAgeMs: ROSTER_MAX_AGE_MS })]);
  if (!record || !linkMayOpen(link, record)) throw new NotFoundError(GONE);
  const holder = linkHolder(county, villages.get(record.villageId), link);
  if (!holder) throw new NotFoundError(GONE);
  return { link, record, holder };
}

const OPEN = ['received', 'acknowledged', 'in_progress'] as const;

/**
 * Handing a case to `target`'s officer (a transfer, an assignment down): the new place, level 1,
 * received, due one SLA from now, and every older link dead (`transfers`). A new officer holds it from
 * now on: his acknowledgement is timed from now and the climbs so far were the previous holder's; one
 * officer moving a case between his villages keeps holding it. The acknowledgement is cleared either
 * way (no acknowledgement time beside 待签收), and the entry's `params` name who held the case until
 * now, so counters:rebuild can credit each holder. Pinned to the status, village and level as read:
 * the case's figures so far move with it (counters).
 */
function handOver(
  record: CaseRecord,
  target: VillageView,
  o: { readonly at: string; readonly due: string; readonly entries: (params: Record<string, string>) => TimelineEntry[]; readonly sms: (transfers: number) => PlannedSms[] },
): CaseChange {
  const transfers = (record.transfers ?? 0) + 1;
  const newHolder = target.officer.id !== record.officerId;
  return {
    at: o.at,
    set: {
      villageId: target.village.id,
      officeId: target.office.id,
      stationId: target.station.id,
      officerId: target.officer.id,
      status: 'received',
      level: 1,
      escalateAt: o.due,
      slaDueAt: o.due,
      transfers,
      ...(newHolder && { heldSince: o.at, heldEscalations: 0 }),
    },
    remove: ['ackAt', 'heldAckAt', 'heldDueAt'],
    entries: o.entries({
      fromOfficerId: record.officerId,
      fromVillageId: record.villageId,
      fromOfficeId: record.officeId,
      fromStationId: record.stationId,
      fromSince: record.heldSince ?? record.createdAt,
      fromDueAt: record.heldDueAt ?? record.slaDueAt,
      officerId: target.officer.id,
      villageId: target.village.id,
    }),
    sms: o.sms(transfers),
    expect: { status: [record.status], villageId: record.villageId, level: record.level },
  };
}

/**
 * An acknowledgement (or the first status change) at `at`: the case's, for whoever must act on it
 * now, and the holding's first, which the holder's figures count (see `CaseRecord.heldAckAt`).
 */
function acknowledgement(record: CaseRecord, at: string): NonNullable<CaseChange['setOnce']> {
  return { ackAt: at, heldAckAt: holdingAckAt(record) ?? at };
}

/** Builds the change an action makes to the case as it is now. */
export function changeFor(county: County, villages: Map<string, VillageView>, record: CaseRecord, actor: Actor, action: OfficerAction, now: Date): CaseChange {
  const at = now.toISOString();
  const entry = (e: Omit<TimelineEntry, 'at' | 'actor'>): TimelineEntry => ({ at, actor, ...e });
  const sms = (...planned: (PlannedSms | undefined)[]) => planned.filter((p): p is PlannedSms => p !== undefined);
  // A reason given with a move stays internal.
  const note = (reason?: string) => (reason ? [entry({ type: 'note', visibility: 'internal', text: reason })] : []);
  switch (action.action) {
    case 'acknowledge':
      if (record.status !== 'received') throw new ConflictError('this case was already acknowledged');
      return {
        at,
        set: { status: 'acknowledged' },
        setOnce: acknowledgement(record, at),
        remove: ['escalateAt'],
        entries: [entry({ type: 'acknowledged', visibility: 'public' })],
        sms: sms(planResidentUpdate(record, 'acknowledged')),
        expect: { status: ['received'] },
      };
    case 'reply':
      return { at, entries: [entry({ type: 'reply', visibility: 'public', text: action.text })], expect: { status: [...OPEN, 'resolved'] } };
    case 'note':
      return { at, entries: [entry({ type: 'note', visibility: 'internal', text: action.text })] };
    case 'status': {
      if (record.status === 'resolved') throw new ConflictError('this case is already resolved');
      if (record.status === action.status) throw new ConflictError(`this case is already ${action.status.replace('_', ' ')}`);
      const acknowledging = record.status === 'received';
      return {
        at,
        set: { status: action.status, ...(action.status === 'resolved' && { resolvedAt: at }) },
        setOnce: acknowledgement(record, at),
        // Taking the case in hand (or resolving it) stops the climb, as acknowledging does.
        remove: ['escalateAt'],
        entries: [
          ...(acknowledging ? [entry({ type: 'acknowledged', visibility: 'public' })] : []),
          entry({ type: 'status', visibility: 'public', params: { status: action.status } }),
        ],
        sms: sms(
          acknowledging && action.status !== 'resolved' ? planResidentUpdate(record, 'acknowledged') : undefined,
          action.status === 'resolved' ? planResidentUpdate(record, 'resolved') : undefined,
        ),
        expect: { status: [record.status] },
      };
    }
    case 'ask':
      if (record.status === 'resolved') throw new ConflictError('this case is already resolved');
      // Any kind: the resident answers on the track page with the tracking code. The resident sees
      // the question, never who asked it (a tipster must not learn an officer's name from it).
      return { at, increment: { questions: 1 }, entries: [{ at, type: 'question', visibility: 'public', text: action.text, actor }], expect: { status: [...OPEN] } };
    case 'reward': {
      if (record.kind !== 'tip') throw new ConflictError('rewards are for tips only');
      if (record.reward?.paidAt) throw new ConflictError('this reward was paid out already');
      const tier = action.tierId ? county.rewards.tiers.find((t) => t.id === action.tierId) : undefined;
      if (action.tierId && !tier) throw new FieldError('tierId', `unknown reward tier "${action.tierId}"`);
      if (!action.verified && tier) throw new FieldError('tierId', 'a tip that was not verified has no reward tier');
      // The claim period runs from the first verification and is fixed then: a later change of the
      // county's claimDays does not move a deadline the tipster was shown.
      const verifiedAt = action.verified ? (record.reward?.verifiedAt ?? at) : undefined;
      const claimBy = tier && verifiedAt ? (record.reward?.claimBy ?? new Date(Date.parse(verifiedAt) + county.rewards.claimDays * 86_400_000).toISOString()) : undefined;
      return {
        at,
        set: { reward: { verified: action.verified, ...(tier && { tierId: tier.id }), ...(verifiedAt && { verifiedAt }), ...(claimBy && { claimBy }) } },
        entries: [entry({ type: 'reward', visibility: 'public', params: { verified: action.verified ? 'yes' : 'no', ...(tier && { tier: tier.label }) } })],
        expect: { rewardUnpaid: true },
      };
    }
    case 'payout': {
      const reward = record.reward;
      if (record.kind !== 'tip' || !reward?.verified || !reward.tierId || !reward.claimBy) throw new ConflictError('only a verified tip with a reward tier has a reward to pay out');
      if (reward.paidAt) throw new ConflictError('this reward was paid out already');
      if (at > reward.claimBy) throw new ConflictError('the claim period of this reward is over');
      if (!trackingCodeMatches(record, action.trackingCode)) throw new FieldError('trackingCode', 'does not match this case: ask for the tracking code from the receipt');
      const tier = county.rewards.tiers.find((t) => t.id === reward.tierId);
      // Who handed it out and when; nothing about who collected it.
      return {
        at,
        set: { reward: { ...reward, paidAt: at, paidBy: actor.name } },
        entries: [entry({ type: 'reward_paid', visibility: 'public', params: { ...(tier && { tier: tier.label }), ...(tier?.amountYuan !== undefined && { amountYuan: tier.amountYuan }) } })],
        expect: { rewardUnpaid: true },
      };
    }
    case 'escalate': {
      if (record.status === 'resolved') throw new ConflictError('a resolved case cannot be reported up');
      const levels = reportLevels(record, actor);
      if (levels.length === 0) throw new ConflictError('the case is already at the bureau duty desk, the top of the chain: nothing is above it');
      const level = action.level ?? levels[0]!;
      if (!levels.includes(level)) throw new ConflictError(`you can report this case up only to level ${levels.join(' or ')} (above where it is and where you are), not to level ${level}`);
      const view = villages.get(record.villageId);
      if (!view) throw new Error(`case ${record.caseNumber}: village ${record.villageId} is not in the roster`);
      // The level reported to must acknowledge it within the case's SLA, or the climb goes on from there.
      const due = slaDueFrom(county, record, now);
      return {
        at,
        ...backToReceived(record, { status: 'received', level, slaDueAt: due, escalateAt: level < TOP_LEVEL ? due : AT_TOP }),
        entries: [entry({ type: 'escalated', visibility: 'public', params: { level, by: 'hand' } }), entry({ type: 'note', visibility: 'internal', text: action.reason })],
        sms: [planReportUp(county, view, level, at, `${actor.name}：${action.reason}`)],
        expect: { status: [record.status], level: record.level, villageId: record.villageId },
      };
    }
    case 'assign': {
      if (record.status === 'resolved') throw new ConflictError('a resolved case cannot be handed down');
      const villageId = action.villageId ?? record.villageId;
      const target = villages.get(villageId);
      if (!target) throw new FieldError('villageId', `unknown village "${villageId}"`);
      if (!assignable(villages, record, actor).includes(target)) throw new ConflictError(`${target.village.name} is outside your area: you can hand this case down only to a village of your own office, station or county`);
      // A new holder: the case starts again at level 1 with a new SLA, and every older link stops working.
      return handOver(record, target, {
        at,
        due: slaDueFrom(county, record, now),
        entries: (params) => [entry({ type: 'assigned', visibility: 'public', params: { village: target.village.name, officer: target.officer.name, ...params } }), ...note(action.reason)],
        sms: (transfers) => [planAssign(target, transfers)],
      });
    }
    case 'transfer': {
      if (record.status === 'resolved') throw new ConflictError('a resolved case cannot be transferred');
      if (action.villageId === record.villageId) throw new FieldError('villageId', 'the case is already with this village');
      const target = villages.get(action.villageId);
      if (!target) throw new FieldError('villageId', `unknown village "${action.villageId}"`);
      return handOver(record, target, {
        at,
        due: slaDueFrom(county, record, now),
        entries: (params) => [entry({ type: 'transferred', visibility: 'public', params: { village: target.village.name, ...params } }), ...note(action.reason)],
        sms: (transfers) => planTransfer(target, record, transfers),
      });
    }

  }
}

/** What the audit log says about an action besides who, where and which case. */
function auditDetail(action: OfficerAction, change: CaseChange): string | undefined {
  switch (action.action) {
    case 'status':
      return action.status;
    case 'reward':
      return action.verified ? `verified${action.tierId ? ` ${action.tierId}` : ''}` : 'not verified';
    case 'transfer':
      return `to ${action.villageId}`;
    case 'escalate':
      return `to level ${change.set?.level}: ${action.reason}`;
    case 'assign':
      return `to ${change.set?.villageId}${action.reason ? `: ${action.reason}` : ''}`;
    default:
      return undefined;
  }
}

/**
 * Applies an action to a case as `actor`, whether it came through a one-tap link or the admin console,
 * with its audit entry (who, role, channel, case) in the same write: no action without its record.
 */
export async function applyAction(deps: OfficerDeps, record: CaseRecord, actor: Actor, action: OfficerAction, origin: ActionOrigin): Promise<void> {
  const { county, villages } = await deps.county.get();
  // Whoever calls has opened the case for the actor: by its link, or in their area (the console, the inbox).
  if (!can({ role: actor.role, opened: true }, permissionFor(action), record, county)) throw new ConflictError('your role cannot do this on a case');
  const now = deps.clock.now();
  const made = counted(record, changeFor(county, villages, record, actor, action, now));
  const detail = auditDetail(action, made);
  const audit: AuditEntry = {
    at: now.toISOString(),
    principalId: origin.principalId,
    name: actor.name,
    role: actor.role,
    action: `case.${action.action}`,
    channel: origin.channel,
    caseNumber: record.caseNumber,
    ...(origin.ip && { ip: origin.ip }),
    ...(detail && { detail }),
  };
  const change = { ...made, audit };
  // A transfer raises the case's `transfers`: every link made before it stops working (linkMayOpen).
  if (!(await deps.cases.updateCase(record.caseNumber, change))) {
    throw new ConflictError('the case changed while you were looking at it; reload and try again');
  }
}

/** Applies an officer's action through their link, while they hold the post it was sent to. */
export async function actOnCase(deps: OfficerDeps, token: string, action: OfficerAction, ip?: string): Promise<void> {
  const { link, record, holder } = await openByLink(deps, token);
  if (action.action === 'payout') throw new ConflictError('a reward payout is recorded in the admin console');
  await applyAction(deps, record, link.actor, action, { channel: 'link', principalId: holder, ...(ip && { ip }) });
}
