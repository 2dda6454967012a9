import { describe, expect, it } from 'vitest';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ROUTER_PATTERNS, matchesAny } from '../../functions/store/stream-filter.ts';
import { keys } from '../../functions/store/tables.ts';
import { lowestSequenceNumber } from '../../scripts/local/stream-poller.ts';

/** A stream record in Lambda's event shape for an item. */
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>) {
  const image = marshall(item, { removeUndefinedValues: true });
  return { eventName, dynamodb: { Keys: { pk: image.pk, sk: image.sk }, NewImage: image } };
}

const CASE = 'DEMO-2026-000001';

describe('the router stream filter', () => {
  it('lets a new case through: its INSERT is its routing', () => {
    expect(matchesAny(ROUTER_PATTERNS, record('INSERT', { ...keys.case(CASE), status: 'received' }))).toBe(true);
  });

  it('lets a new pending SMS item through', () => {
    expect(matchesAny(ROUTER_PATTERNS, record('INSERT', { ...keys.sms(CASE, 'escalation:2:+8613300002001'), status: 'pending', attempts: 0 }))).toBe(true);
  });

  it.each([
    ['a changed case', record('MODIFY', { ...keys.case(CASE), status: 'acknowledged' })],
    ['a settled SMS item', record('MODIFY', { ...keys.sms(CASE, 'officer:+8613800001001'), status: 'sent', attempts: 1 })],
    ['an SMS item the router created while claiming it', record('INSERT', { ...keys.sms(CASE, 'officer:+8613800001001'), status: 'sending', attempts: 1 })],
    ['a timeline entry', record('INSERT', { ...keys.timelineEntry(CASE, 'internal', '2026-05-01T02:00:00.000Z', 'a'), type: 'note', visibility: 'internal' })],
    ['an idempotency record', record('INSERT', { ...keys.idempotency('abc'), caseNumber: CASE })],
    ['a removed case', record('REMOVE', { ...keys.case(CASE) })],
  ])('drops %s', (_name, streamRecord) => {
    expect(matchesAny(ROUTER_PATTERNS, streamRecord)).toBe(false);
  });
});

describe('lowestSequenceNumber', () => {
  it('compares sequence numbers as integers, not as text', () => {
    expect(lowestSequenceNumber(['100000000000000000012', '99999999999999999999', '100000000000000000003'])).toBe('99999999999999999999');
  });

  it('finds the lowest whatever order the failures completed in', () => {
    expect(lowestSequenceNumber(['4000', '2000', '3000'])).toBe('2000');
  });

  it('has nothing to say about a batch without failures', () => {
    expect(lowestSequenceNumber([])).toBeUndefined();
  });
});
