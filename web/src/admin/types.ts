/** What the admin API answers (see functions/api/admin/routes.ts), as far as the pages read it. */
export type CaseKind = 'tip' | 'dispute' | 'hazard' | 'service' | 'help';
export type CaseStatus = 'received' | 'acknowledged' | 'in_progress' | 'resolved';

export interface CaseSummary {
  readonly caseNumber: string;
  readonly kind: CaseKind;
  readonly status: CaseStatus;
  readonly urgent: boolean;
  readonly villageId: string;
  readonly level: number;
  readonly escalateAt?: string;
  /** When the case's current holder must have acknowledged it. */
  readonly slaDueAt: string;
  /** Still not acknowledged past that, as the server's clock has it (functions/domain/case.ts isOverdue). */
  readonly overdue: boolean;
  readonly createdAt: string;
}

export interface TimelineEntry {
  readonly at: string;
  readonly type: string;
  readonly actor?: { readonly role: string; readonly name: string };
  readonly visibility: 'public' | 'internal';
  readonly text?: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

export interface CaseDetail extends CaseSummary {
  readonly description: string;
  readonly category?: string;
  readonly anonymous: boolean;
  readonly name?: string;
  readonly phone?: string;
  readonly location?: string;
  readonly updates: boolean;
  readonly ackAt?: string;
  readonly resolvedAt?: string;
  readonly escalations?: number;
  readonly ratingScore?: number;
  readonly transfers?: number;
  readonly filedBy?: { readonly role: string; readonly name: string };
  readonly reward?: { readonly verified: boolean; readonly tierId?: string; readonly verifiedAt?: string; readonly claimBy?: string; readonly paidAt?: string; readonly paidBy?: string };
  readonly timeline: readonly TimelineEntry[];
  /** Where the signed-in person may report the case up to (levels) and hand it down to (villages). */
  readonly choices: { readonly reportLevels: readonly number[]; readonly assignTo: readonly { readonly id: string; readonly name: string; readonly township: string; readonly officer: string }[] };
  readonly notifications: readonly { readonly role: string; readonly status: string; readonly attempts: number; readonly at: string; readonly name?: string }[];
}
