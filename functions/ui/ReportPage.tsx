/**
 * The report form of one kind as a page: `/report/{kind}/` (the village chosen on the form, from the
 * home page or "not this village?") and `/v/{villageId}/{kind}/` (reached from a village's contact
 * card: the village travels as a hidden field, so the resident only writes what happened).
 */
import type { CaseKind } from '../domain/case.ts';
import type { County } from '../domain/county.ts';
import { Document } from './Document.tsx';
import { ReportForm } from './ReportForm.tsx';
import type { TownshipGroup, VillageCard } from './roster.ts';
import { staticSwitch, t, type SiteContext } from './site.ts';

export interface Props {
  readonly ctx: SiteContext;
  readonly kind: CaseKind;
  readonly county: Pick<County, 'rewards'>;
  readonly townships: readonly TownshipGroup[];
  /** The village of the contact card the form was reached from. @default - the resident picks one */
  readonly card?: VillageCard;
}

export function ReportPage({ ctx, kind, county, townships, card }: Props) {
  const title = t(ctx).kinds[kind].title;
  return (
    <Document
      ctx={ctx}
      title={card ? `${title} · ${card.name}` : title}
      switchTo={staticSwitch(ctx, card ? `/v/${card.id}/${kind}/` : `/report/${kind}/`)}
      script="report"
    >
      <ReportForm ctx={ctx} kind={kind} county={county} townships={townships} {...(card && { village: { id: card.id, name: card.name, officer: card.officer.name } })} />
    </Document>
  );
}
