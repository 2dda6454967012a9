import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SmsMessage } from '../../functions/domain/ports.ts';
import { OutboxSmsSender, readOutbox } from '../../functions/notify/outbox.ts';
import { officerAssignment } from '../support/sms.ts';

let dir: string;
let file: string;
const lines: string[] = [];
const log = (line: string) => lines.push(line);
const fixedClock = { now: () => new Date('2026-05-01T02:03:04.000Z') };

const officerSms = officerAssignment('新举报线索', '村后山有人夜里砍树');
const assistantSms: SmsMessage = { ...officerSms, to: '+8613900002001', role: 'assistant' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cunjing-outbox-'));
  // A parent directory that does not exist yet: the sender must create it.
  file = join(dir, '.data', 'nested', 'outbox.jsonl');
  lines.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OutboxSmsSender', () => {
  it('writes each message as one line and reads them back oldest first', async () => {
    // Arrange
    const sender = new OutboxSmsSender(file, { log, clock: fixedClock });

    // Act
    const first = await sender.send(officerSms);
    const second = await sender.send(assistantSms);
    const outbox = await readOutbox(file);

    // Assert
    expect(outbox).toEqual([
      { to: officerSms.to, role: 'officer', body: officerSms.body, caseNumber: 'DEMO-2026-000001', at: '2026-05-01T02:03:04.000Z', messageId: first.messageId, status: 'sent' },
      { to: assistantSms.to, role: 'assistant', body: assistantSms.body, caseNumber: 'DEMO-2026-000001', at: '2026-05-01T02:03:04.000Z', messageId: second.messageId, status: 'sent' },
    ]);
    expect(first.messageId).not.toBe(second.messageId);
    expect((await readFile(file, 'utf8')).trimEnd().split('\n')).toHaveLength(2);
  });

  it('prints one readable line per message with the phone masked', async () => {
    // Arrange
    const sender = new OutboxSmsSender(file, { log });

    // Act
    await sender.send(officerSms);

    // Assert
    expect(lines).toEqual([`SMS → officer +86138****1001 [DEMO-2026-000001] ${officerSms.body}`]);
  });

  it('keeps every message when many are sent at once', async () => {
    // Arrange
    const sender = new OutboxSmsSender(file, { log });
    const other = new OutboxSmsSender(file, { log }); // a second sender on the same file
    const messages = Array.from({ length: 60 }, (_, i) => ({
      ...officerSms,
      body: `message ${i} ${'内容'.repeat(200)}`,
      caseNumber: `DEMO-2026-${String(i + 1).padStart(6, '0')}`,
    }));

    // Act
    await Promise.all(messages.map((m, i) => (i % 2 ? other : sender).send(m)));
    const outbox = await readOutbox(file);

    // Assert
    expect(outbox.map((e) => e.caseNumber)).toEqual(messages.map((m) => m.caseNumber));
    expect(outbox.every((e) => e.status === 'sent' && e.body.endsWith('内容'))).toBe(true);
  });

  it('records a simulated provider failure and rejects', async () => {
    // Arrange
    const sender = new OutboxSmsSender(file, { log, failFor: (m) => m.role === 'assistant' });

    // Act
    const sent = await sender.send(officerSms);
    const failing = sender.send(assistantSms);

    // Assert
    await expect(failing).rejects.toThrow(/assistant SMS for DEMO-2026-000001 to \+86139\*{4}2001/);
    const outbox = await readOutbox(file);
    expect(outbox.map((e) => [e.role, e.status])).toEqual([
      ['officer', 'sent'],
      ['assistant', 'failed'],
    ]);
    expect(outbox[0]?.messageId).toBe(sent.messageId);
    expect(outbox[1]?.messageId).toBeUndefined();
  });

  it('writes a login message without a case number', async () => {
    // Arrange
    const sender = new OutboxSmsSender(file, { log });

    // Act
    await sender.send({ to: '+8613800001001', role: 'login', body: '【青山村警】登录验证码 482913，5分钟内有效', template: { type: 'login', mode: 'text', params: { code: '482913' } } });

    // Assert
    const [entry] = await readOutbox(file);
    expect(entry).toMatchObject({ role: 'login', body: '【青山村警】登录验证码 482913，5分钟内有效' });
    expect(entry).not.toHaveProperty('caseNumber');
    expect(lines[0]).toBe('SMS → login +86138****1001 【青山村警】登录验证码 482913，5分钟内有效');
  });
});

describe('OutboxSmsSender in template mode', () => {
  it('records and prints the template code and parameters a domestic provider would receive', async () => {
    // Arrange
    const sender = new OutboxSmsSender(file, { log, clock: fixedClock });
    const params = { caseNumber: 'DEMOCN-2026-000001' };

    // Act
    await sender.send({ to: '+8613800001001', role: 'resident', body: '【白水村警】您反映的DEMOCN-2026-000001已由民警签收，正在办理。', caseNumber: 'DEMOCN-2026-000001', template: { type: 'resident_ack', mode: 'template', code: 'SMS_900000007', params } });

    // Assert
    const [entry] = await readOutbox(file);
    expect(entry?.template).toEqual({ type: 'resident_ack', code: 'SMS_900000007', params });
    expect(lines[0]).toBe('SMS → resident +86138****1001 [DEMOCN-2026-000001] 【白水村警】您反映的DEMOCN-2026-000001已由民警签收，正在办理。 SMS_900000007 {"caseNumber":"DEMOCN-2026-000001"}');
  });

  it('says so when the county file has no code for the type', async () => {
    const sender = new OutboxSmsSender(file, { log });

    await sender.send({ to: '+8613800001001', role: 'login', body: '【白水村警】登录验证码482913，5分钟内有效。请勿告诉他人。', template: { type: 'login', mode: 'template', params: { code: '482913' } } });

    const [entry] = await readOutbox(file);
    expect(entry?.template).toEqual({ type: 'login', params: { code: '482913' } });
    expect(lines[0]).toContain('(no template code for login)');
  });

  it('adds nothing about templates in text mode', async () => {
    const sender = new OutboxSmsSender(file, { log });

    await sender.send(officerSms);

    expect((await readOutbox(file))[0]).not.toHaveProperty('template');
  });
});

describe('readOutbox', () => {
  it('reads a missing file as an empty outbox', async () => {
    expect(await readOutbox(join(dir, 'never-written.jsonl'))).toEqual([]);
  });

  it('skips a line torn by a crash instead of failing the whole outbox', async () => {
    // Arrange
    const good = { to: '+8613800001001', role: 'officer', body: 'x', caseNumber: 'DEMO-2026-000001', at: '2026-05-01T02:03:04.000Z', status: 'sent' };
    const torn = join(dir, 'torn.jsonl');
    await writeFile(torn, `${JSON.stringify(good)}\n{"to":"+86138`);

    // Act
    const outbox = await readOutbox(torn);

    // Assert
    expect(outbox).toEqual([good]);
  });
});
