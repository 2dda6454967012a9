/**
 * What the admin API answers, as types built from the domain's own: the routes check their answers
 * against them (`satisfies`) and the console's pages import them (type-only, so no byte of this
 * reaches a browser). One definition: a field the server adds or renames is a type error in the
 * console, not a blank cell.
 */
import type { Alert } from '../../domain/alerts.ts';
import type { AdminRole, Principal } from '../../domain/auth.ts';
import type { CaseRecord, EscalationLevel, TimelineEntry } from '../../domain/case.ts';
import type { County, Staff } from '../../domain/county.ts';
import type { AuditEntry, DeviceSession, StoredSms } from '../../domain/ports.ts';
import type { RosterChange } from '../../domain/roster-import.ts';
import type { CaseSummary, Figures, OfficerAssessment } from '../../domain/stats.ts';
import type { VillageListing } from '../villages.ts';

export type { Alert, AuditEntry, Figures, OfficerAssessment, RosterChange, TimelineEntry, VillageListing };
export type { CaseKind, CaseStatus } from '../../domain/case.ts';
export type Role = AdminRole;

/** `GET /me`: who is signed in, their area, and the CSRF token for every change. */
export type Me = Pick<Principal, 'id' | 'name' | 'role' | 'officeId' | 'stationId'> & { readonly villageIds: readonly string[]; readonly csrfToken: string };

/** A row of `GET /cases`: the case's summary and whether it is overdue by the server's clock. */
export type CaseListItem = CaseSummary & { readonly overdue: boolean };
export interface CaseList {
  readonly items: readonly CaseListItem[];
  readonly cursor?: string;
}

/** Where the signed-in person may report the case up to (levels) and hand it down to (villages). */
export interface CaseChoices {
  readonly reportLevels: readonly EscalationLevel[];
  readonly assignTo: readonly { readonly id: string; readonly name: string; readonly township: string; readonly officer: string }[];
}

/** Who was notified, by role and outcome: phone numbers and texts stay out of the console. */
export type NotificationView = Omit<StoredSms, 'to' | 'id' | 'text'>;

/** `GET /cases/{caseNumber}`: the case (a tip without its reporter's name and phone), its timeline, SMS and choices. */
export type CaseDetail = Omit<CaseRecord, 'trackingHash'> & {
  readonly overdue: boolean;
  readonly choices: CaseChoices;
  readonly timeline: readonly TimelineEntry[];
  readonly timelineTruncated?: true;
  readonly notifications: readonly NotificationView[];
};

/** `GET /assessment`: each officer's month in the person's area. */
export interface Assessment {
  readonly month: string;
  readonly officers: readonly OfficerAssessment[];
}

/** `GET /roster`: the stations of the person's area with their officers (with phones, to reach them) and the staff (without). */
export interface RosterView {
  readonly stations: County['stations'];
  readonly officers: County['officers'];
  readonly staff: readonly Omit<Staff, 'phone'>[];
  readonly bureau?: County['bureau'];
}

/** `POST /roster/import`: the preview (`applied: false`) or what was applied. */
export type RosterImport = { readonly rows: number; readonly changes: readonly RosterChange[] } & ({ readonly applied: false } | { readonly applied: true; readonly version: number });

/** `GET /devices/people`: whose phones the reader may manage. */
export type DevicePerson = Pick<Principal, 'id' | 'name' | 'role'> & { readonly villageIds: readonly string[] };

/** `GET /devices`: one person's signed-in phones. */
export interface Devices {
  readonly principalId: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly devices: readonly Pick<DeviceSession, 'sid' | 'label' | 'createdAt' | 'expiresAt'>[];
}
