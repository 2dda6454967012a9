import { describe, expect, it } from 'vitest';
import { escapeXml, toXml } from '../../functions/api/open311/xml.ts';
import {
  clientForKey,
  hashApiKey,
  newApiKey,
  open311Services,
  requestRange,
  statusNotes,
  submissionInput,
  toOpen311Request,
  zonedDateTime,
  type RequestFacts,
} from '../../functions/domain/open311.ts';
import { demoCounty } from '../support/env.ts';

const facts: RequestFacts = {
  caseNumber: 'DEMO-2026-000007',
  kind: 'hazard',
  status: 'received',
  villageId: 'dongshan',
  stationId: 'qingshan-zhen',
  createdAt: '2026-11-22T02:00:00.000Z',
  slaDueAt: '2026-11-22T06:00:00.000Z',
};

describe('zonedDateTime', () => {
  it('writes an instant as the county’s wall clock with its offset', () => {
    expect(zonedDateTime('Asia/Shanghai', '2026-11-22T18:30:05.123Z')).toBe('2026-11-23T02:30:05+08:00');
  });

  it('follows daylight saving time and negative and half-hour offsets', () => {
    expect(zonedDateTime('America/New_York', '2026-07-01T12:00:00Z')).toBe('2026-07-01T08:00:00-04:00');
    expect(zonedDateTime('America/New_York', '2026-12-01T12:00:00Z')).toBe('2026-12-01T07:00:00-05:00');
    expect(zonedDateTime('Asia/Kolkata', '2026-12-01T12:00:00Z')).toBe('2026-12-01T17:30:00+05:30');
  });
});

describe('toOpen311Request', () => {
  it('maps status to open or closed, the village to address_id and the station to agency_responsible', () => {
    const open = toOpen311Request(demoCounty, facts);
    const closed = toOpen311Request(demoCounty, { ...facts, status: 'resolved', ackAt: '2026-11-22T03:00:00.000Z', resolvedAt: '2026-11-23T01:00:00.000Z' });

    expect(open).toMatchObject({ status: 'open', address_id: 'dongshan', address: '青山镇东山村', agency_responsible: '青山镇派出所', expected_datetime: '2026-11-22T14:00:00+08:00' });
    expect(closed).toMatchObject({ status: 'closed', updated_datetime: '2026-11-23T09:00:00+08:00' });
    expect(closed).not.toHaveProperty('expected_datetime');
  });

  it('gives the position read with a case to about 100 m, and none from the index', () => {
    expect(toOpen311Request(demoCounty, { ...facts, position: { lat: 29.56789, lng: 106.54321 } })).toMatchObject({ lat: 29.568, long: 106.543 });
    expect(toOpen311Request(demoCounty, facts)).not.toHaveProperty('lat');
  });

  it('gives nothing for a tip', () => {
    expect(toOpen311Request(demoCounty, { ...facts, kind: 'tip' })).toBeUndefined();
  });
});

describe('statusNotes', () => {
  it('takes the latest public generated entry, never an internal note or free text', () => {
    const notes = statusNotes('en', [
      { at: '1', type: 'received', visibility: 'public' },
      { at: '2', type: 'escalated', visibility: 'public', params: { level: 2 } },
      { at: '3', type: 'reply', visibility: 'public', text: 'Mr Li, we are on our way' },
      { at: '4', type: 'note', visibility: 'internal', text: 'the caller is the secretary’s cousin' },
    ]);

    expect(notes).toBe('Passed up to the central police office');
  });

  it('tells a hand-down to the village officer, without the officer’s name', () => {
    const notes = statusNotes('zh-CN', [
      { at: '1', type: 'received', visibility: 'public' },
      { at: '2', type: 'assigned', visibility: 'public', params: { village: '东山村', officer: '王军' }, actor: { role: 'station', name: '马丽' } },
      { at: '3', type: 'note', visibility: 'internal', text: '请驻村民警先核实' },
    ]);

    expect(notes).toBe('已下派东山村驻村民警办理');
  });
});

describe('services', () => {
  it('never offers tip', () => {
    expect(open311Services('en').map((s) => s.service_code)).not.toContain('tip');
    expect(open311Services('zh-CN').map((s) => s.service_code)).not.toContain('tip');
  });
});

describe('submissionInput', () => {
  it('names a person family name first in Chinese and given name first in English', () => {
    const post = { service_code: 'dispute', address_id: 'dongshan', description: '邻里纠纷一件', first_name: '伟', last_name: '赵', attributes: {} };

    expect(submissionInput('zh-CN', post)).toMatchObject({ input: { name: '赵伟' } });
    expect(submissionInput('en', { ...post, first_name: 'Wei', last_name: 'Zhao' })).toMatchObject({ input: { name: 'Wei Zhao' } });
  });

  it('takes lat and long as the portal’s position, and refuses half a pair', () => {
    const post = { service_code: 'hazard', address_id: 'dongshan', description: '路灯坏了一个月', attributes: {} };

    expect(submissionInput('en', { ...post, lat: '29.5', long: '106.5' })).toMatchObject({ input: { latitude: 29.5, longitude: 106.5 } });
    expect(submissionInput('en', { ...post, lat: '29.5' })).toEqual({ problems: [{ field: 'long', message: 'lat and long go together' }] });
  });

  it('refuses tip and names every problem at once', () => {
    expect(submissionInput('en', { service_code: 'tip', attributes: { colour: 'red' } })).toEqual({
      problems: [
        { field: 'service_code', message: 'service_code must be one of dispute, hazard, service, help' },
        { field: 'address_id', message: 'address_id (the village id, as in GET /api/v1/villages) is required' },
        { field: 'attribute[colour]', message: 'attribute[colour] is not an attribute of service tip' },
      ],
    });
  });
});

describe('requestRange', () => {
  const now = new Date('2026-12-01T00:00:00Z');

  it('defaults to the 90 days before now, or the 90 days after a start date', () => {
    expect(requestRange({}, now)).toEqual({ from: new Date('2026-09-02T00:00:00Z'), to: now });
    expect(requestRange({ start_date: new Date('2026-08-01T00:00:00Z') }, now)).toEqual({ from: new Date('2026-08-01T00:00:00Z'), to: new Date('2026-10-30T00:00:00Z') });
  });

  it('refuses an end before the start and more than 90 days', () => {
    expect(requestRange({ start_date: new Date('2026-11-02T00:00:00Z'), end_date: new Date('2026-11-01T00:00:00Z') }, now)).toEqual({ error: 'start_date must be before end_date' });
    expect(requestRange({ start_date: new Date('2026-01-01T00:00:00Z'), end_date: new Date('2026-06-01T00:00:00Z') }, now)).toHaveProperty('error');
  });
});

describe('API keys', () => {
  it('finds the system a key belongs to by its hash, and nobody for another key', () => {
    const key = newApiKey();
    const clients = [{ id: 'hotline', name: '12345', keyHash: hashApiKey(key), requestsPerHour: 60 }];

    expect(clientForKey(clients, key)?.id).toBe('hotline');
    expect(clientForKey(clients, newApiKey())).toBeUndefined();
    expect(clientForKey(clients, undefined)).toBeUndefined();
    expect(hashApiKey(key)).not.toContain(key.slice(5));
  });
});

describe('toXml', () => {
  it('escapes markup in values and names list items in the singular', () => {
    const doc = toXml('service_requests', [{ service_request_id: 'A-1', status_notes: '<b>"fish" & chips\'</b>' }]);

    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><service_request_id>A-1</service_request_id><status_notes>&lt;b&gt;&quot;fish&quot; &amp; chips&apos;&lt;/b&gt;</status_notes></request></service_requests>',
    );
    expect(escapeXml('a<b')).toBe('a&lt;b');
  });

  it('leaves out absent fields and refuses a list it has no item name for', () => {
    expect(toXml('services', [{ service_code: 'help', group: undefined }])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<services><service><service_code>help</service_code></service></services>');
    expect(() => toXml('things', [1])).toThrow('no item element known for the list <things>');
  });
});
