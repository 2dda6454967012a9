/**
 * The officer inbox's read (functions/domain/inbox.ts) against a stand-in store: which cases it
 * shows, and that it asks the SLA deadline of the unacknowledged cases it shows, and no others, in
 * one read, so that `isOverdue` (the console's rule) marks them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { principalById } from '../../functions/domain/auth.ts';
import { isOverdue } from '../../functions/domain/case.ts';
import { parseCounty } from '../../functions/domain/county.ts';
import { INBOX_LIMIT, readInbox, type InboxCase } from '../../functions/domain/inbox.ts';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));
const officer = principalById(county, 'officer:wang-jun')!; // 东山村 and 西山村

/** An open case of a village, created `minute` minutes into the day; every third one acknowledged. */
function openCase(villageId: string, minute: number): InboxCase {
  const createdAt = new Date(Date.UTC(2026, 4, 1, 0, minute)).toISOString();
  const caseNumber = `DEMO-2026-${String(minute).padStart(6, '0')}`;
  return { caseNumber, kind: 'dispute', status: minute % 3 === 0 ? 'acknowledged' : 'received', urgent: false, villageId, officeId: 'dongshan-office', stationId: 'qingshan-zhen', officerId: 'wang-jun', level: 1, createdAt, escalateAt: createdAt, description: '邻居吵架' };
}

function store(byVillage: Record<string, InboxCase[]>, deadline: (caseNumber: string) => string) {
  const asked: string[][] = [];
  return {
    asked,
    cases: {
      openCases: async (villageId: string, limit: number) => (byVillage[villageId] ?? []).slice(0, limit),
      slaDeadlines: async (caseNumbers: readonly string[]) => {
        asked.push([...caseNumbers]);
        return new Map(caseNumbers.map((n) => [n, deadline(n)]));
      },
    },
  };
}

describe('readInbox', () => {
  it('asks in one read the SLA deadline of the unacknowledged cases it shows, and of no other case', async () => {
    const dongshan = Array.from({ length: 40 }, (_, i) => openCase('dongshan', 2 * i + 1));
    const xishan = Array.from({ length: 40 }, (_, i) => openCase('xishan', 2 * i + 2));
    const { asked, cases } = store({ dongshan, xishan }, () => '2026-05-02T00:00:00.000Z');

    const inbox = await readInbox({ cases }, county, officer);

    const shown = inbox!.cases;
    expect(shown).toHaveLength(INBOX_LIMIT);
    expect(inbox!.more).toBe(true);
    expect(asked).toEqual([shown.filter((c) => c.status === 'received').map((c) => c.caseNumber)]);
    expect(shown.every((c) => (c.status === 'received') === (c.slaDueAt !== undefined))).toBe(true);
  });

  it('gives each unacknowledged case its deadline, so the console’s rule marks the overdue ones', async () => {
    const late = openCase('dongshan', 1);
    const inTime = openCase('dongshan', 2);
    const { cases } = store({ dongshan: [late, inTime] }, (n) => (n === late.caseNumber ? '2026-05-01T04:00:00.000Z' : '2026-05-01T09:00:00.000Z'));

    const inbox = await readInbox({ cases }, county, officer);

    expect(inbox!.cases.map((c) => [c.caseNumber, isOverdue(c, '2026-05-01T06:00:00.000Z')])).toEqual([
      [late.caseNumber, true],
      [inTime.caseNumber, false],
    ]);
  });

  it('reads no deadline when every case shown is acknowledged', async () => {
    const { asked, cases } = store({ dongshan: [openCase('dongshan', 3), openCase('dongshan', 6)] }, () => 'never asked');

    await readInbox({ cases }, county, officer);

    expect(asked).toEqual([]);
  });
});
