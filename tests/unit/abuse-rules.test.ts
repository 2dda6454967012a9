/**
 * The rules against abuse that need no database: the trusted client address, the intake decision,
 * the keyed address hash, CSV cells.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { csvCell, csvValue } from '../../functions/domain/csv.ts';
import { parseCounty } from '../../functions/domain/county.ts';
import { addressKey, decideIntake, secondsLeft } from '../../functions/domain/limits.ts';
import { exportRosterCsv, importRosterCsv } from '../../functions/domain/roster-import.ts';
import { clientAddress, withoutPort, type ViewerAddressSource } from '../../functions/edge/address.ts';
import { requireOrigin } from '../../functions/edge/origin.ts';
import { readFileSync } from 'node:fs';

const county = parseCounty(JSON.parse(readFileSync(new URL('../../counties/demo.json', import.meta.url), 'utf8')));
const limits = county.limits.intake;
const now = new Date('2026-11-22T02:00:30Z');

async function addressOf(headers: Record<string, string>, env: unknown, from?: ViewerAddressSource): Promise<string | undefined> {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, from) ?? '(none)'));
  const res = await app.request('/', { headers }, env as never);
  const text = await res.text();
  return text === '(none)' ? undefined : text;
}

describe('the trusted client address', () => {
  it('is the socket address locally, whatever X-Forwarded-For says', async () => {
    const address = await addressOf({ 'X-Forwarded-For': '192.0.2.1' }, { incoming: { socket: { remoteAddress: '198.51.100.7' } } });

    expect(address).toBe('198.51.100.7');
  });

  it('is what CloudFront saw on AWS (CloudFront-Viewer-Address without its port), not X-Forwarded-For', async () => {
    const lambda = { requestContext: { http: { sourceIp: '130.176.0.1' } } };

    const v4 = await addressOf({ 'CloudFront-Viewer-Address': '198.51.100.7:46532', 'X-Forwarded-For': '192.0.2.1' }, lambda);
    const v6 = await addressOf({ 'CloudFront-Viewer-Address': '2001:db8::17:443' }, lambda);

    expect(v4).toBe('198.51.100.7');
    expect(v6).toBe('2001:db8::17');
  });

  it('prefers the X-Viewer-Address the site\'s CloudFront function sets on AWS', async () => {
    const address = await addressOf({ 'X-Viewer-Address': '198.51.100.9', 'X-Forwarded-For': '192.0.2.1' }, { requestContext: { http: { sourceIp: '130.176.0.1' } } });

    expect(address).toBe('198.51.100.9');
  });

  it('ignores X-Viewer-Address in the China regions, where no CloudFront function overwrites it, and takes CloudFront-Viewer-Address', async () => {
    const lambda = { requestContext: { http: { sourceIp: '130.176.0.1' } } };

    const withCloudFront = await addressOf({ 'X-Viewer-Address': '192.0.2.66', 'CloudFront-Viewer-Address': '198.51.100.7:46532' }, lambda, 'cloudfront');
    const without = await addressOf({ 'X-Viewer-Address': '192.0.2.66' }, lambda, 'cloudfront');

    expect(withCloudFront).toBe('198.51.100.7');
    expect(without).toBe('130.176.0.1');
  });

  it('is API Gateway\'s source address on AWS when CloudFront sent no viewer address', async () => {
    const address = await addressOf({ 'X-Forwarded-For': '192.0.2.1' }, { requestContext: { http: { sourceIp: '198.51.100.8' } } });

    expect(address).toBe('198.51.100.8');
  });

  it('strips the port of bracketed IPv6 viewer addresses too', () => {
    expect(withoutPort('[2001:db8::1]:443')).toBe('2001:db8::1');
  });
});

describe('the keyed address hash', () => {
  it('holds no address, is stable within a UTC day and changes the next day', () => {
    const today = addressKey('secret', '198.51.100.7', now, 'intake');
    const later = addressKey('secret', '198.51.100.7', new Date('2026-11-22T23:59:59Z'), 'intake');
    const tomorrow = addressKey('secret', '198.51.100.7', new Date('2026-11-23T00:00:00Z'), 'intake');

    expect(today).not.toContain('198');
    expect(later).toBe(today);
    expect(tomorrow).not.toBe(today);
    expect(addressKey('other-secret', '198.51.100.7', now, 'intake')).not.toBe(today);
  });
});

describe('the intake decision', () => {
  const counts = { address10: 1, addressDay: 1, village10: 1, county10: 1 };

  it('accepts up to the soft limit, then asks for a proof of work', () => {
    expect(decideIntake(limits, { ...counts, address10: limits.softPer10Minutes }, now)).toEqual({ verdict: 'accept' });
    expect(decideIntake(limits, { ...counts, address10: limits.softPer10Minutes + 1 }, now)).toEqual({ verdict: 'prove' });
  });

  it('asks everyone for a proof of work under a village or county burst', () => {
    expect(decideIntake(limits, { ...counts, village10: limits.villageBurstPer10Minutes + 1 }, now)).toEqual({ verdict: 'prove' });
    expect(decideIntake(limits, { ...counts, county10: limits.countyBurstPer10Minutes + 1 }, now)).toEqual({ verdict: 'prove' });
  });

  it('refuses past a hard limit until that window ends', () => {
    expect(decideIntake(limits, { ...counts, address10: limits.hardPer10Minutes + 1 }, now)).toEqual({ verdict: 'refuse', retryAfterSeconds: 570 });
    expect(decideIntake(limits, { ...counts, addressDay: limits.hardPerDay + 1 }, now)).toEqual({ verdict: 'refuse', retryAfterSeconds: secondsLeft(86_400, now) });
  });
});

describe('CSV cells', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(['=HYPERLINK("http://x","y")', '+1+cmd|\' /C calc\'!A0', '-1+1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual([
      `"'=HYPERLINK(""http://x"",""y"")"`,
      "'+1+cmd|' /C calc'!A0",
      "'-1+1",
      "'@SUM(A1)",
      "'\tx",
      `"'\rx"`,
    ]);
  });

  it('leaves numbers, phone numbers and plain text as they are', () => {
    expect([-3, 4.5, '-3', '+8613800001001', '王军', 'a,b'].map(csvCell)).toEqual(['-3', '4.5', '-3', '+8613800001001', '王军', '"a,b"']);
  });

  it('reads its own neutralised cells back as typed: the roster export imports without a change', () => {
    const csv = exportRosterCsv(county);

    const result = importRosterCsv(county, csv);

    expect(csv).toContain(',+8613800001001,');
    expect(csvValue("'=1+1")).toBe('=1+1');
    expect(result).toMatchObject({ ok: true, changes: [] });
  });
});

describe('the origin check', () => {
  const app = (secret: string | undefined) => new Hono().use('*', requireOrigin(secret)).get('/', (c) => c.text('ok'));

  it('answers 403 to a request without CloudFront\'s secret header, and lets the right one through', async () => {
    const without = await app('s'.repeat(48)).request('/');
    const wrong = await app('s'.repeat(48)).request('/', { headers: { 'X-Origin-Verify': 'x'.repeat(48) } });
    const right = await app('s'.repeat(48)).request('/', { headers: { 'X-Origin-Verify': 's'.repeat(48) } });

    expect(without.status).toBe(403);
    expect(wrong.status).toBe(403);
    expect(right.status).toBe(200);
  });

  it('checks nothing where no secret is configured (the local stack)', async () => {
    expect((await app(undefined).request('/')).status).toBe(200);
  });
});
