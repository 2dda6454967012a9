import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SmsMessage } from '../../functions/domain/ports.ts';
import { readEnv } from '../../functions/runtime.ts';
import { smsAdapter } from '../../functions/runtime/sms.ts';
import { smsFailRate } from '../../scripts/local/stack.ts';
import { readOutbox } from '../../functions/notify/outbox.ts';

const outboxFile = () => join(mkdtempSync(join(tmpdir(), 'cunjing-sms-adapter-')), 'outbox.jsonl');
const message: SmsMessage = { to: '+8613800001001', body: '测试', role: 'officer', caseNumber: 'DEMO-2026-000001', template: { type: 'resident_ack', mode: 'text', params: { caseNumber: 'DEMO-2026-000001' } } };

/** A function's environment with the variables every function gets. */
const fnEnv = (more: Record<string, string>) => ({ COUNTY_CODE: 'DEMO', CASES_TABLE: 'cases', ...more });

describe('smsAdapter (outbox)', () => {
  it('refuses every message with SMS_FAIL_RATE=1 and records each as failed', async () => {
    const file = outboxFile();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const sender = smsAdapter({ adapter: 'outbox', file, failRate: 1 });

    await expect(sender.send(message)).rejects.toThrow(/simulated provider failure/);

    log.mockRestore();
    expect((await readOutbox(file)).map((m) => m.status)).toEqual(['failed']);
  });

  it('sends every message without SMS_FAIL_RATE', async () => {
    const file = outboxFile();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const sender = smsAdapter(readEnv(fnEnv({ SMS_ADAPTER: 'outbox', OUTBOX_FILE: file })).sms);

    await sender.send(message);

    log.mockRestore();
    expect((await readOutbox(file)).map((m) => m.status)).toEqual(['sent']);
  });

  it('names the variable when SMS_FAIL_RATE (npm start, the chaos run) is not a share from 0 to 1', () => {
    expect(() => smsFailRate('30%')).toThrow(/SMS_FAIL_RATE must be a number from 0 to 1, not "30%"/);
    expect(smsFailRate(undefined)).toBe(0);
    expect(smsFailRate('0.3')).toBe(0.3);
  });
});
