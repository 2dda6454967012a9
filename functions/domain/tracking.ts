/**
 * What a resident sees of a case on the track page and from GET /api/v1/cases/{caseNumber}: its
 * state and newest public entries, worded in the resident's language. A module of its own, so the
 * functions that never show a case to a resident (admin, route-case, escalate) do not load the
 * timeline's words with the case services they do use (service.ts).
 */
import { TIMELINE_PAGE, withReceived, type CaseKind, type CaseStatus, type TimelineEntry } from './case.ts';
import { isCaseNumber } from './case-number.ts';
import type { Locale } from './county.ts';
import type { AttachedPhoto } from './photos.ts';
import { findWithCode, type CaseServiceDeps } from './service.ts';
import { timelineText } from './timeline-text.ts';

export interface PublicCase {
  readonly caseNumber: string;
  readonly kind: CaseKind;
  readonly status: CaseStatus;
  readonly villageId: string;
  readonly createdAt: string;
  /** Whether SMS updates go to the resident's phone (they can stop them). */
  readonly updates: boolean;
  /** The newest public entries (at most TIMELINE_PAGE.public), oldest first; with `before`, the page older than that cursor. */
  readonly timeline: { at: string; type: TimelineEntry['type']; text: string }[];
  /** Present (true) when older entries may exist than the timeline shows. */
  readonly timelineTruncated?: true;
  /** With `timelineTruncated`: pass it back as `before` to read the next older page. */
  readonly timelineBefore?: string;
  /** How many questions the officer put to the resident and how many answers came back (present once there are some), whatever page the timeline shows. */
  readonly questions?: number;
  readonly answers?: number;
  /** Tips only: pending until the officer has checked the lead. */
  readonly reward?: { readonly state: 'pending' } | { readonly state: 'verified'; readonly tier?: { label: string; amountYuan?: number }; readonly claim?: RewardClaim } | { readonly state: 'not_verified' };
  /** The resident's score, once rated. */
  readonly rating?: number;
  /** The photos attached to the case (re-encoded, without metadata), oldest first. */
  readonly photos: readonly AttachedPhoto[];
}

/**
 * How a verified tip's reward is claimed: at the case's police station, with the case number and the
 * tracking code, until `by`; `paidAt` once the station recorded the payout.
 */
export interface RewardClaim {
  readonly station: string;
  readonly by: string;
  readonly paidAt?: string;
}

/**
 * What the resident may see of a case, worded in `locale` (default: the county's): the case item and
 * its newest public entries, two bounded reads whatever the case's history.
 */
export async function trackCase(deps: CaseServiceDeps, caseNumber: string, trackingCode: string, options: { locale?: Locale; before?: string } = {}): Promise<PublicCase> {
  const [record, page] = await Promise.all([
    findWithCode(deps, caseNumber, trackingCode),
    isCaseNumber(caseNumber) ? deps.cases.timeline(caseNumber, { limit: TIMELINE_PAGE.public, publicOnly: true, ...(options.before !== undefined && { before: options.before }) }) : undefined,
  ]);
  const { county } = await deps.county.get();
  const locale = options.locale ?? county.locale;
  const tier = record.reward?.tierId ? county.rewards.tiers.find((x) => x.id === record.reward?.tierId) : undefined;
  return {
    caseNumber: record.caseNumber,
    kind: record.kind,
    status: record.status,
    villageId: record.villageId,
    createdAt: record.createdAt,
    updates: record.updates === true,
    timeline: withReceived(record, page!).map((entry) => ({ at: entry.at, type: entry.type, text: timelineText(locale, entry) })),
    ...(!page!.complete && { timelineTruncated: true as const, ...(page!.before && { timelineBefore: page!.before }) }),
    ...(record.questions && { questions: record.questions }),
    ...(record.answers && { answers: record.answers }),
    ...(record.kind === 'tip' && {
      reward: !record.reward
        ? { state: 'pending' as const }
        : record.reward.verified
          ? {
              state: 'verified' as const,
              ...(tier && { tier: { label: tier.label, ...(tier.amountYuan !== undefined && { amountYuan: tier.amountYuan }) } }),
              ...(tier && record.reward.claimBy && {
                claim: {
                  station: county.stations.find((st) => st.id === record.stationId)?.name ?? '',
                  by: record.reward.claimBy,
                  ...(record.reward.paidAt && { paidAt: record.reward.paidAt }),
                },
              }),
            }
          : { state: 'not_verified' as const },
    }),
    ...(record.ratingScore !== undefined && { rating: record.ratingScore }),
    photos: record.photos ?? [],
  };
}
