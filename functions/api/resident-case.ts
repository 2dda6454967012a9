/**
 * A case as its resident may see it on the track and rate pages, in the page's language: what
 * `trackCase` (domain/service.ts) shows, with the timeline worded in the requested language rather
 * than the county's, plus the tip's reward status and the rating. One read, as trackCase.
 * A wrong code is answered exactly like an unknown case (NotFoundError).
 */
import { NotFoundError, isCaseNumber, publicTimeline, trackingCodeMatches, type CaseKind, type CaseStatus, type TimelineType } from '../domain/case.ts';
import type { Locale } from '../domain/county.ts';
import type { CaseServiceDeps } from '../domain/service.ts';
import { timelineText } from '../domain/timeline-text.ts';

export interface ResidentCase {
  readonly caseNumber: string;
  readonly kind: CaseKind;
  readonly status: CaseStatus;
  readonly createdAt: string;
  /** SMS updates go to the resident's phone (they can stop them). */
  readonly updates: boolean;
  readonly timeline: readonly { at: string; type: TimelineType; text: string }[];
  /** Tips only: pending until the officer has checked the lead. */
  readonly reward?: { readonly state: 'pending' } | { readonly state: 'verified'; readonly tier?: { label: string; amountYuan?: number } } | { readonly state: 'not_verified' };
  /** The resident's score, once rated. */
  readonly rating?: number;
}

export async function residentCase(deps: CaseServiceDeps, caseNumber: string, trackingCode: string, locale: Locale): Promise<ResidentCase> {
  const record = isCaseNumber(caseNumber) ? await deps.cases.get(caseNumber) : undefined;
  if (!record || !trackingCodeMatches(record, trackingCode)) throw new NotFoundError('no case with this number and tracking code');
  const { county } = await deps.county.get();
  const timeline = publicTimeline(record);
  const ratedEntry = timeline.findLast((e) => e.type === 'rated');
  const rating = record.ratingScore ?? (ratedEntry ? Number(ratedEntry.params?.score) : undefined);
  const tier = record.reward?.tierId ? county.rewards.tiers.find((x) => x.id === record.reward?.tierId) : undefined;
  return {
    caseNumber: record.caseNumber,
    kind: record.kind,
    status: record.status,
    createdAt: record.createdAt,
    updates: record.updates === true,
    timeline: timeline.map((entry) => ({ at: entry.at, type: entry.type, text: timelineText(locale, entry) })),
    ...(record.kind === 'tip' && {
      reward: !record.reward
        ? { state: 'pending' as const }
        : record.reward.verified
          ? { state: 'verified' as const, ...(tier && { tier: { label: tier.label, ...(tier.amountYuan !== undefined && { amountYuan: tier.amountYuan }) } }) }
          : { state: 'not_verified' as const },
    }),
    ...(rating !== undefined && Number.isFinite(rating) && { rating }),
  };
}
