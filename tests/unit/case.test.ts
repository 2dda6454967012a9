import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCaseNumber, isCaseNumber } from '../../functions/domain/case-number.ts';
import { hashTrackingCode, newTrackingCode, normaliseTrackingCode, trackingCodeMatches } from '../../functions/domain/tracking-code.ts';
import { openCase, withReceived, SubmissionSchema, type TimelineEntry } from '../../functions/domain/case.ts';
import { yearIn } from '../../functions/domain/time.ts';
import { indexVillages, parseCounty } from '../../functions/domain/county.ts';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));
const dongshan = indexVillages(county).get('dongshan')!;

const base = { villageId: 'dongshan', description: '村口两户人家因宅基地界线发生争吵' };

function parse(input: Record<string, unknown>) {
  return SubmissionSchema.safeParse(input);
}
function fieldsWithErrors(input: Record<string, unknown>): string[] {
  const result = parse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('SubmissionSchema', () => {
  describe('kind', () => {
    it('is required', () => {
      expect(fieldsWithErrors({ ...base })).toEqual(['kind']);
    });

    it('must be one of the five kinds', () => {
      const result = parse({ ...base, kind: 'crime' });

      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('Please choose what you are reporting: tip, dispute, hazard, service or help');
    });

    it.each(['tip', 'dispute', 'hazard', 'service', 'help'])('accepts %s', (kind) => {
      expect(parse({ ...base, kind }).success).toBe(true);
    });
  });

  describe('description', () => {
    it('needs at least 5 characters after trimming', () => {
      expect(fieldsWithErrors({ ...base, kind: 'dispute', description: '   吵架了   ' })).toEqual(['description']);
      expect(fieldsWithErrors({ ...base, kind: 'dispute', description: '  有人吵架了  ' })).toEqual([]);
    });

    it('allows at most 500 characters', () => {
      expect(fieldsWithErrors({ ...base, kind: 'dispute', description: '吵'.repeat(500) })).toEqual([]);
      expect(fieldsWithErrors({ ...base, kind: 'dispute', description: '吵'.repeat(501) })).toEqual(['description']);
    });

    it('is required', () => {
      expect(fieldsWithErrors({ kind: 'dispute', villageId: 'dongshan' })).toEqual(['description']);
    });
  });

  describe('anonymity', () => {
    it('makes a tip anonymous by default', () => {
      expect(parse({ ...base, kind: 'tip' }).data?.anonymous).toBe(true);
    });

    it('does not make other kinds anonymous by default', () => {
      expect(parse({ ...base, kind: 'service', name: '张三', phone: '13800000001' }).data).toMatchObject({
        anonymous: false,
        name: '张三',
        phone: '+8613800000001',
      });
    });

    it('keeps no name and no phone on an anonymous tip even when they were sent', () => {
      const data = parse({ ...base, kind: 'tip', name: '张三', phone: '13800000001' }).data;

      expect(data?.anonymous).toBe(true);
      expect(data?.name).toBeUndefined();
      expect(data?.phone).toBeUndefined();
    });

    it('keeps no name and no phone on any case the resident marks anonymous', () => {
      const data = parse({ ...base, kind: 'dispute', anonymous: true, name: '张三', phone: '13800000001' }).data;

      expect(data).toMatchObject({ anonymous: true });
      expect(data?.name).toBeUndefined();
      expect(data?.phone).toBeUndefined();
    });

    it('keeps the contact of a tipster who chooses to give it', () => {
      const data = parse({ ...base, kind: 'tip', anonymous: 'false', name: '张三', phone: '13800000001' }).data;

      expect(data).toMatchObject({ anonymous: false, name: '张三', phone: '+8613800000001' });
    });
  });

  describe('form checkboxes', () => {
    it.each([
      ['on', true],
      ['true', true],
      ['1', true],
      ['false', false],
      ['off', false],
      [true, true],
      [false, false],
    ])('reads %j as %s', (value, expected) => {
      expect(parse({ ...base, kind: 'dispute', anonymous: value }).data?.anonymous).toBe(expected);
    });

    it('treats an empty value as not given', () => {
      expect(parse({ ...base, kind: 'tip', anonymous: '' }).data?.anonymous).toBe(true);
    });

    it('rejects a value that is neither yes nor no', () => {
      expect(fieldsWithErrors({ ...base, kind: 'dispute', anonymous: 'maybe' })).toEqual(['anonymous']);
    });
  });

  describe('phone', () => {
    it.each([
      ['13800000001', '+8613800000001'],
      ['138 0000 0001', '+8613800000001'],
      ['138-0000-0001', '+8613800000001'],
      ['+8613800000001', '+8613800000001'],
      ['+447700900123', '+447700900123'],
    ])('normalises %s to %s', (phone, expected) => {
      expect(parse({ ...base, kind: 'service', phone }).data?.phone).toBe(expected);
    });

    it('rejects a number that is not a mobile number', () => {
      expect(fieldsWithErrors({ ...base, kind: 'service', phone: '0871-1234567' })).toEqual(['phone']);
    });

    it('treats an empty phone field as not given', () => {
      expect(parse({ ...base, kind: 'service', phone: '  ' }).data?.phone).toBeUndefined();
    });
  });

  describe('urgent', () => {
    it('marks urgent help as urgent', () => {
      expect(parse({ ...base, kind: 'help', urgent: 'on' }).data?.urgent).toBe(true);
    });

    it('is false for help not marked urgent', () => {
      expect(parse({ ...base, kind: 'help' }).data?.urgent).toBe(false);
    });

    it.each(['tip', 'dispute', 'hazard', 'service'])('is ignored for a %s', (kind) => {
      expect(parse({ ...base, kind, urgent: true }).data?.urgent).toBe(false);
    });
  });
});

describe('case numbers', () => {
  it('are {COUNTY}-{YYYY}-{NNNNNN}', () => {
    expect(formatCaseNumber('DEMO', 2026, 1)).toBe('DEMO-2026-000001');
    expect(formatCaseNumber('QS', 2027, 999_999)).toBe('QS-2027-999999');
  });

  it('refuse a sequence outside 1..999999', () => {
    expect(() => formatCaseNumber('DEMO', 2026, 0)).toThrow(RangeError);
    expect(() => formatCaseNumber('DEMO', 2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatCaseNumber('DEMO', 2026, 1.5)).toThrow(RangeError);
  });

  it('are recognised, and nothing else is', () => {
    expect(isCaseNumber('DEMO-2026-000001')).toBe(true);
    expect(isCaseNumber('demo-2026-000001')).toBe(false);
    expect(isCaseNumber('DEMO-2026-1')).toBe(false);
    expect(isCaseNumber('DEMO-2026-000001x')).toBe(false);
  });

  it('take the year in the county time zone', () => {
    const lateOnNewYearsEveUtc = new Date('2026-12-31T17:00:00Z'); // 01:00 on 1 January 2027 in Shanghai

    expect(yearIn('Asia/Shanghai', lateOnNewYearsEveUtc)).toBe(2027);
    expect(yearIn('UTC', lateOnNewYearsEveUtc)).toBe(2026);
    expect(yearIn('Asia/Shanghai', new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});

describe('tracking codes', () => {
  const caseNumber = 'DEMO-2026-000001';
  const CROCKFORD_10 = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$/;

  it('are 10 Crockford base32 symbols, shown in two groups of five', () => {
    const code = newTrackingCode(caseNumber);

    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(normaliseTrackingCode(code)).toMatch(CROCKFORD_10);
  });

  it('carry at least 40 bits: every one of the 10 positions takes all 32 symbols', () => {
    const codes = Array.from({ length: 2000 }, () => normaliseTrackingCode(newTrackingCode(caseNumber)));

    for (let position = 0; position < 10; position += 1) {
      expect(new Set(codes.map((c) => c[position])).size).toBe(32);
    }
  });

  it('differ when random', () => {
    const codes = new Set(Array.from({ length: 1000 }, () => newTrackingCode(caseNumber)));

    expect(codes.size).toBe(1000);
  });

  it('derived from a submission key are stable for the same key and case number', () => {
    expect(newTrackingCode(caseNumber, 'key-7f3a')).toBe(newTrackingCode(caseNumber, 'key-7f3a'));
    expect(normaliseTrackingCode(newTrackingCode(caseNumber, 'key-7f3a'))).toMatch(CROCKFORD_10);
  });

  it('derived from another key or for another case number differ', () => {
    const code = newTrackingCode(caseNumber, 'key-7f3a');

    expect(newTrackingCode(caseNumber, 'key-7f3b')).not.toBe(code);
    expect(newTrackingCode('DEMO-2026-000002', 'key-7f3a')).not.toBe(code);
  });

  it('are stored as a hash that never reveals the code', () => {
    const code = newTrackingCode(caseNumber);

    const hash = hashTrackingCode(caseNumber, code);

    expect(hash).not.toBe(code);
    expect(hash).not.toContain(normaliseTrackingCode(code));
    expect(hash).toHaveLength(43); // sha-256, base64url
  });

  it('are read forgivingly: lowercase, spaces, O for 0 and l for 1', () => {
    expect(normaliseTrackingCode('ab0c1-2d3e4')).toBe('AB0C12D3E4');
    expect(normaliseTrackingCode(' abOcl 2d3e4 ')).toBe('AB0C12D3E4');
  });

  it('match only their own case', () => {
    const code = newTrackingCode(caseNumber);
    const record = { caseNumber, trackingHash: hashTrackingCode(caseNumber, code) };
    const typed = ` ${code.toLowerCase().replace(/0/g, 'o').replace('-', ' ')} `;
    const other = newTrackingCode(caseNumber);

    expect(trackingCodeMatches(record, code)).toBe(true);
    expect(trackingCodeMatches(record, typed)).toBe(true);
    expect(trackingCodeMatches(record, other)).toBe(false);
    expect(trackingCodeMatches(record, '')).toBe(false);
    expect(trackingCodeMatches({ caseNumber: 'DEMO-2026-000002', trackingHash: record.trackingHash }, code)).toBe(false);
  });
});

describe('openCase', () => {
  const now = new Date('2026-05-01T02:00:00.000Z');

  function open(input: Record<string, unknown>, submissionKey?: string) {
    const submission = SubmissionSchema.parse({ ...base, ...input });
    return openCase({ county, view: dongshan, submission, caseNumber: 'DEMO-2026-000042', now, ...(submissionKey && { submissionKey }) });
  }

  it("builds a 'received' case at level 1 in the village's office and station", () => {
    const { record } = open({ kind: 'dispute' });

    expect(record).toMatchObject({
      caseNumber: 'DEMO-2026-000042',
      countyCode: 'DEMO',
      kind: 'dispute',
      status: 'received',
      villageId: 'dongshan',
      officeId: 'dongshan-office',
      stationId: 'qingshan-zhen',
      officerId: 'wang-jun',
      level: 1,
      createdAt: '2026-05-01T02:00:00.000Z',
      updatedAt: '2026-05-01T02:00:00.000Z',
    });
  });

  it("starts the timeline with one public 'received' entry, the case's own createdAt", () => {
    const { record } = open({ kind: 'hazard' });

    expect(withReceived(record, { entries: [], complete: true })).toEqual([{ at: '2026-05-01T02:00:00.000Z', type: 'received', visibility: 'public' }]);
  });

  it.each([
    ['tip', {}, 120],
    ['dispute', {}, 240],
    ['hazard', {}, 120],
    ['service', {}, 1440],
    ['help', {}, 60],
    ['help', { urgent: true }, 10],
  ] as const)('escalates a %s %j after its SLA of %i minutes', (kind, extra, minutes) => {
    const { record } = open({ kind, ...extra });

    expect(Date.parse(record.escalateAt!) - now.getTime()).toBe(minutes * 60_000);
  });

  it('stores only the hash of the tracking code it hands out', () => {
    const { record, trackingCode } = open({ kind: 'tip' });

    expect(trackingCodeMatches(record, trackingCode)).toBe(true);
    expect(JSON.stringify(record)).not.toContain(trackingCode);
    expect(JSON.stringify(record)).not.toContain(normaliseTrackingCode(trackingCode));
  });

  it('hands out the same tracking code again for a retried submission', () => {
    expect(open({ kind: 'dispute' }, 'retry-key-1').trackingCode).toBe(open({ kind: 'dispute' }, 'retry-key-1').trackingCode);
  });

  it('writes no name or phone field for an anonymous tip', () => {
    const { record } = open({ kind: 'tip', name: '张三', phone: '13800000001' });

    expect(record).not.toHaveProperty('name');
    expect(record).not.toHaveProperty('phone');
    expect(record.anonymous).toBe(true);
  });

  it('keeps the contact, category and location a resident gives', () => {
    const { record } = open({ kind: 'service', name: '张三', phone: '13800000001', category: '户籍', location: '东山村3组' });

    expect(record).toMatchObject({ name: '张三', phone: '+8613800000001', category: '户籍', location: '东山村3组', urgent: false, anonymous: false });
  });
});

describe('withReceived', () => {
  const record = { createdAt: '2026-05-01T02:00:00.000Z' };
  const acknowledged: TimelineEntry = { at: '2026-05-01T02:10:00.000Z', type: 'acknowledged', visibility: 'public' };

  it("puts the 'received' entry first when the page reaches the case's beginning", () => {
    expect(withReceived(record, { entries: [acknowledged], complete: true }).map((e) => e.type)).toEqual(['received', 'acknowledged']);
  });

  it('shows only the newest entries when older ones exist beyond the page', () => {
    expect(withReceived(record, { entries: [acknowledged], complete: false })).toEqual([acknowledged]);
  });
});
