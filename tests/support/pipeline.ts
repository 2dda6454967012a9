/**
 * The case pipeline in one process, on DynamoDB Local: the Hono app, the route-case stream handler
 * fed with the case item as DynamoDB's stream would carry it, and the escalation handler, all on
 * one test clock and one outbox.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { Hono } from 'hono';
import { createAdminApp } from '../../functions/api/admin/app.ts';
import { createApp } from '../../functions/api/app.ts';
import type { County } from '../../functions/domain/county.ts';
import type { SmsMessage } from '../../functions/domain/ports.ts';
import type { PhotoStorage } from '../../functions/domain/photos.ts';
import { countNewCase } from '../../functions/domain/counters.ts';
import { escalateDue } from '../../functions/domain/escalation.ts';
import { routeCase, sendSmsItem } from '../../functions/domain/messaging.ts';
import { withReceived, type TimelineEntry } from '../../functions/domain/case.ts';
import type { StoredSms } from '../../functions/domain/ports.ts';
import { OutboxSmsSender, readOutbox, type OutboxEntry } from '../../functions/notify/outbox.ts';
import { fromItem } from '../../functions/store/case-items.ts';
import { keys } from '../../functions/store/tables.ts';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createTestEnv, TestClock } from './env.ts';

/** A form post, as the officer page and the no-JavaScript pages send it. */
export const formPost = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

export async function createPipeline(endpoint: string, options: { failFor?: (m: SmsMessage) => boolean; county?: County; photos?: PhotoStorage } = {}) {
  const clock = new TestClock();
  const env = await createTestEnv(endpoint, { clock, ...(options.county && { county: options.county }) });
  const outboxFile = join(mkdtempSync(join(tmpdir(), 'cunjing-pipeline-')), 'outbox.jsonl');
  const sms = new OutboxSmsSender(outboxFile, { log: () => undefined, clock, ...(options.failFor && { failFor: options.failFor }) });
  const messaging = { ...env, sms };
  // As CloudFront routes them: the admin function's paths, then the public api's.
  const app = new Hono();
  const photos = options.photos ? { photos: options.photos } : {};
  app.route('/', createAdminApp({ ...env, sms, ...photos }));
  const publicApp = createApp({ ...env, ...photos });
  app.route('/', publicApp);
  // What no route has (no static files here) goes to the public app whole, as CloudFront's default behaviour falls back to the api function.
  app.notFound((c) => publicApp.fetch(c.req.raw));

  /** The case item as the stream's NewImage would carry it. */
  async function item(caseNumber: string) {
    const out = await env.client.send(new GetItemCommand({ TableName: env.tables.cases.name, Key: { pk: { S: keys.case(caseNumber).pk }, sk: { S: 'CASE' } } }));
    if (!out.Item) throw new Error(`no case ${caseNumber}`);
    return out.Item;
  }

  return {
    env,
    clock,
    app,
    outboxFile,
    /** What the stream handler does for a case's INSERT record: count it, then route it. */
    async routeNew(caseNumber: string) {
      const record = fromItem(unmarshall((await item(caseNumber)) as never));
      await countNewCase(env.counters, record);
      return routeCase(messaging, record);
    },
    /** What the stream handler does for the INSERT of each pending SMS item of the case. */
    async sendPending(caseNumber: string) {
      const pending = (await env.cases.notifications(caseNumber, 100)).filter((s) => s.status === 'pending');
      return Promise.all(pending.map(({ id, role, message, to, name, level, text }) => sendSmsItem(messaging, caseNumber, { id, role, message, to, ...(name && { name }), ...(level && { level }), ...(text && { text }) })));
    },
    /** The case's whole timeline (up to 1,000 entries), oldest first. */
    async timeline(caseNumber: string): Promise<TimelineEntry[]> {
      const record = await env.cases.get(caseNumber);
      if (!record) throw new Error(`no case ${caseNumber}`);
      return withReceived(record, await env.cases.timeline(caseNumber, { limit: 1000 }));
    },
    /** The case's SMS items by id. */
    async sms(caseNumber: string): Promise<Record<string, StoredSms>> {
      return Object.fromEntries((await env.cases.notifications(caseNumber, 100)).map((s) => [s.id, s]));
    },
    /** The stream event for the case item as it is now. */
    async streamEvent(caseNumber: string, eventName: 'INSERT' | 'MODIFY'): Promise<DynamoDBStreamEvent> {
      const image = await item(caseNumber);
      return { Records: [{ eventID: `${eventName}-${caseNumber}`, eventName, eventSource: 'aws:dynamodb', dynamodb: { Keys: { pk: image.pk, sk: image.sk } as never, NewImage: image as never, SequenceNumber: String(Date.now()), StreamViewType: 'NEW_IMAGE' } }] };
    },
    escalate: () => escalateDue(env),
    async submit(body: Record<string, unknown>) {
      const res = await app.request('/api/v1/cases', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
      return (await res.json()) as { caseNumber: string; trackingCode: string };
    },
    async outbox(caseNumber?: string): Promise<OutboxEntry[]> {
      return (await readOutbox(outboxFile)).filter((m) => caseNumber === undefined || m.caseNumber === caseNumber);
    },
    /** The token of the newest one-tap link sent to `to` for a case. */
    async linkFor(caseNumber: string, to: string): Promise<string> {
      const sms = (await readOutbox(outboxFile)).filter((m) => m.caseNumber === caseNumber && m.to === to);
      const token = /\/o\/([0-9a-z]{12})/.exec(sms.at(-1)?.body ?? '')?.[1];
      if (!token) throw new Error(`no link to ${to} for ${caseNumber}`);
      return token;
    },
    /** Signs a roster phone in to the console with the code from the outbox: its cookie and CSRF token. */
    async signIn(phone: string): Promise<{ cookie: string; csrf: string }> {
      const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `10.0.1.${phone.slice(-2)}` }, body: JSON.stringify(body) });
      const asked = await app.request('/api/v1/admin/login/code', json({ phone }));
      if (asked.status !== 202) throw new Error(`sign-in code for ${phone}: ${asked.status}`);
      const sms = (await readOutbox(outboxFile)).filter((m) => m.role === 'login' && m.to === phone).at(-1);
      const res = await app.request('/api/v1/admin/login/verify', json({ phone, code: /(\d{6})/.exec(sms?.body ?? '')?.[1] }));
      if (res.status !== 200) throw new Error(`sign-in for ${phone}: ${res.status}`);
      return { cookie: res.headers.get('Set-Cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    },
    /** A console request as a signed-in person (JSON body, CSRF token). */
    admin(session: { cookie: string; csrf: string }, path: string, body?: unknown) {
      return app.request(`/api/v1/admin${path}`, body === undefined ? { headers: { Cookie: session.cookie } } : { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: session.cookie, 'X-CSRF-Token': session.csrf }, body: JSON.stringify(body) });
    },
    context: {} as Context,
  };
}
export type Pipeline = Awaited<ReturnType<typeof createPipeline>>;
