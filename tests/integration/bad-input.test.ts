/**
 * Bad input answers 400 naming the field, never 5xx: malformed multipart on the public form posts and
 * the officer's page, and bad cursors, reversed dates and over-long case numbers on admin routes.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createPipeline, type Pipeline } from '../support/pipeline.ts';

let p: Pipeline;
let session: { cookie: string };

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  p = await createPipeline(inject('dynamodbEndpoint'));
  const phone = '+8613300006201'; // bureau
  const asked = await p.app.request('/api/v1/admin/login/code', json({ phone }));
  if (asked.status !== 202) throw new Error(`code: ${asked.status} ${await asked.text()}`);
  const code = /(\d{6})/.exec((await p.outbox()).filter((m) => m.to === phone).at(-1)!.body)![1]!;
  const res = await p.app.request('/api/v1/admin/login/verify', json({ phone, code }));
  session = { cookie: res.headers.get('Set-Cookie')!.split(';')[0]! };
});

describe('malformed multipart/form-data', () => {
  const broken = (contentType: string) => ({ method: 'POST', headers: { 'Content-Type': contentType }, body: 'kind=tip&villageId=dongshan' });

  it.each(['/api/v1/cases', '/track', '/rate', '/o/not-a-real-token'])('answers 400 on %s when the boundary is missing or wrong', async (path) => {
    const missing = await p.app.request(path, broken('multipart/form-data'));
    const wrong = await p.app.request(path, broken('multipart/form-data; boundary=----nope'));

    expect(missing.status).toBe(400);
    expect(wrong.status).toBe(400);
  });

  it('names the body in the API’s problem when the form cannot be read', async () => {
    const res = await p.app.request('/o/not-a-real-token', broken('multipart/form-data'));

    expect(res.headers.get('Content-Type')).toBe('application/problem+json');
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('(body)');
  });
});

describe('admin query and path checks', () => {
  const get = (path: string) => p.app.request(`/api/v1/admin${path}`, { headers: { Cookie: session.cookie } });
  const fields = async (res: Response) => ((await res.json()) as { errors: { field: string; message: string }[] }).errors.map((e) => e.field);

  it('answers 400 naming cursor for a garbage cursor', async () => {
    const res = await get('/cases?cursor=not-a-cursor');

    expect(res.status).toBe(400);
    expect(await fields(res)).toEqual(['cursor']);
  });

  it('answers 400 naming cursor for a cursor of another month', async () => {
    const other = Buffer.from(JSON.stringify({ pk: 'CASE#X', sk: 'CASE', month: '2020-01', createdAt: '2020-01-05T00:00:00.000Z' })).toString('base64url');

    const res = await get(`/cases?month=2026-11&cursor=${other}`);

    expect(res.status).toBe(400);
    expect(await fields(res)).toEqual(['cursor']);
  });

  it('answers 400 naming from when from is after to, on the list and the CSV export', async () => {
    const list = await get('/cases?from=2026-11-20&to=2026-11-01');
    const csv = await get('/cases.csv?from=2026-11-20&to=2026-11-01');

    expect(list.status).toBe(400);
    expect(await fields(list)).toEqual(['from']);
    expect(csv.status).toBe(400);
  });

  it('answers 400 naming caseNumber for a 3,000-character case number', async () => {
    const res = await get(`/cases/${'A'.repeat(3000)}`);

    expect(res.status).toBe(400);
    expect(await fields(res)).toEqual(['caseNumber']);
  });
});
