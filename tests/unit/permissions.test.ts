/**
 * The permissions module's rule table, written out here by hand: each role × action on a case of
 * their own village (station, office) and of another, a tip, the county's 小事不出村 rule, a
 * one-tap link's holder, and the console's actions.
 */
import { describe, expect, it } from 'vitest';
import type { AdminRole, Principal } from '../../functions/domain/auth.ts';
import { can, inScope, mayManageDevices, type Action, type AreaWho, type CaseAction, type CaseFacts } from '../../functions/domain/permissions.ts';

const people: Record<AdminRole, AreaWho> = {
  officer: { role: 'officer', officerId: 'wang', villageIds: ['east'] },
  assistant: { role: 'assistant', villageIds: ['east'], officeId: 'office-1', stationId: 'station-1' },
  office: { role: 'office', officeId: 'office-1', stationId: 'station-1' },
  station: { role: 'station', stationId: 'station-1' },
  bureau: { role: 'bureau' },
  informant: { role: 'informant', villageIds: ['east'], officeId: 'office-1', stationId: 'station-1' },
};
const ROLES = ['officer', 'assistant', 'office', 'station', 'bureau', 'informant'] as const;

const own: CaseFacts = { kind: 'dispute', villageId: 'east', officeId: 'office-1', stationId: 'station-1', officerId: 'wang' };
const other: CaseFacts = { kind: 'dispute', villageId: 'far', officeId: 'office-9', stationId: 'station-9', officerId: 'zhao' };

/** Y: allowed, for officer, assistant, office, station, bureau, informant in that order. */
const OWN_VILLAGE: Record<CaseAction, string> = {
  view: 'YYYYY-',
  acknowledge: 'YYYYY-',
  reply: 'YYYYY-',
  note: 'YYYYY-',
  progress: 'YYYYY-',
  resolve: 'Y-YYY-',
  ask: 'Y-YYY-',
  reward: 'Y-YYY-',
  payout: '---YY-',
  transfer: 'Y-YYY-',
  escalate: 'Y-YY--',
  assign: '--YYY-',
};
/** Only the bureau reaches a case of another station. */
const OTHER_STATION: Record<CaseAction, string> = Object.fromEntries(Object.entries(OWN_VILLAGE).map(([a, row]) => [a, `----${row[4]}-`])) as Record<CaseAction, string>;

const rows = (table: Record<CaseAction, string>) => Object.entries(table).flatMap(([action, row]) => ROLES.map((role, i) => [role, action as CaseAction, row[i] === 'Y'] as const));

describe('can: a case', () => {
  it.each(rows(OWN_VILLAGE))('%s may %s on a case of their own village: %s', (role, action, expected) => {
    expect(can(people[role], action, own)).toBe(expected);
  });

  it.each(rows(OTHER_STATION))('%s may %s on a case of another station: %s', (role, action, expected) => {
    expect(can(people[role], action, other)).toBe(expected);
  });

  it('gives an office and a station nothing of a case in another office of the same station beyond their area', () => {
    const sameStation: CaseFacts = { ...other, stationId: 'station-1' };

    expect(can(people.office, 'view', sameStation)).toBe(false);
    expect(can(people.station, 'view', sameStation)).toBe(true);
    expect(can(people.station, 'assign', sameStation)).toBe(true);
  });

  it('never gives an assistant a tip, even of their own village', () => {
    const tip: CaseFacts = { ...own, kind: 'tip' };

    for (const action of Object.keys(OWN_VILLAGE) as CaseAction[]) expect(can(people.assistant, action, tip)).toBe(false);
    expect(can(people.officer, 'view', tip)).toBe(true);
  });

  it("lets the assistant resolve their village's service requests only where the county says so (小事不出村)", () => {
    const service: CaseFacts = { ...own, kind: 'service' };

    expect(can(people.assistant, 'resolve', service, { assistantsCloseServiceCases: true })).toBe(true);
    expect(can(people.assistant, 'resolve', own, { assistantsCloseServiceCases: true })).toBe(false);
    expect(can(people.assistant, 'resolve', service, { assistantsCloseServiceCases: false })).toBe(false);
    expect(can(people.assistant, 'resolve', service)).toBe(false);
    expect(can(people.assistant, 'resolve', { ...service, villageId: 'far' }, { assistantsCloseServiceCases: true })).toBe(false);
  });

  it('lets an officer handle only the villages the roster gives them now, while the figures of a case they held stay in their scope', () => {
    const heldBefore: CaseFacts = { ...other, officerId: 'wang' };

    expect(can(people.officer, 'view', heldBefore)).toBe(false);
    expect(inScope(people.officer, heldBefore)).toBe(true);
  });

  it("takes a one-tap link's case as opened: the role decides, not the area", () => {
    expect(can({ role: 'officer', opened: true }, 'acknowledge', other)).toBe(true);
    expect(can({ role: 'officer', opened: true }, 'assign', other)).toBe(false);
    expect(can({ role: 'assistant', opened: true }, 'reply', { ...other, kind: 'tip' })).toBe(false);
    expect(can({ role: 'resident', opened: true }, 'reply', other)).toBe(false);
    expect(can({ role: 'system', opened: true }, 'acknowledge', other)).toBe(false);
  });
});

describe('can: the console beside cases', () => {
  /** Y for officer, assistant, office, station, bureau, informant. */
  const CONSOLE: Record<Exclude<Action, CaseAction>, string> = {
    file: '-----Y',
    'roster.view': '--YYY-',
    'roster.edit': '--YYY-',
    'roster.export': '----Y-',
    'roster.import': '----Y-',
    'alerts.publish': '---YY-',
    'assessment.view': 'Y-YYY-',
    'audit.view': '----Y-',
    'devices.manage': 'YYYYY-',
  };

  it.each(Object.entries(CONSOLE).flatMap(([action, row]) => ROLES.map((role, i) => [role, action as Action, row[i] === 'Y'] as const)))('%s may %s: %s', (role, action, expected) => {
    expect(can(people[role], action)).toBe(expected);
  });
});

describe('mayManageDevices', () => {
  const county = { stations: [{ id: 'station-1', offices: [{ id: 'office-1', villages: [{ id: 'east' }] }, { id: 'office-2', villages: [{ id: 'west' }] }] }] } as never;
  const person = (id: string, role: AdminRole, more: Partial<Principal> = {}): Principal => ({ id, name: id, phone: '+861', role, ...more });

  it('lets everyone manage their own phones, chiefs those of their area, and the bureau everyone', () => {
    const officer = person('officer:wang', 'officer', { villageIds: ['east'] });
    const westOfficer = person('officer:li', 'officer', { villageIds: ['west'] });

    expect(mayManageDevices(county, officer, officer)).toBe(true);
    expect(mayManageDevices(county, officer, westOfficer)).toBe(false);
    expect(mayManageDevices(county, person('staff:o1', 'office', { officeId: 'office-1', stationId: 'station-1' }), officer)).toBe(true);
    expect(mayManageDevices(county, person('staff:o1', 'office', { officeId: 'office-1', stationId: 'station-1' }), westOfficer)).toBe(false);
    expect(mayManageDevices(county, person('staff:s1', 'station', { stationId: 'station-1' }), westOfficer)).toBe(true);
    expect(mayManageDevices(county, person('staff:b', 'bureau'), westOfficer)).toBe(true);
  });
});
