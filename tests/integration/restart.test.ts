/**
 * `npm start`, Ctrl-C, `npm start`: every case is still there, and no Java process is left behind.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isRunning } from '../../scripts/local/dynamodb.ts';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack.ts';
import { freePort } from '../support/ports.ts';

let stack: LocalStack | undefined;
afterAll(() => stack?.stop());

it('keeps every case across a restart of the local stack and leaves no DynamoDB Local process behind', { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cunjing-restart-'));
  const options = { port: 0, dynamodbPort: await freePort(), dataDir, buildWeb: false, log: () => undefined };
  stack = await startLocalStack(options);
  const javaPid = Number(readFileSync(join(dataDir, 'dynamodb.pid'), 'utf8'));
  const res = await fetch(`${stack.url}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'hazard', villageId: 'songlin', description: '松林社区路口的路灯坏了一个多月' }),
  });
  const { caseNumber, trackingCode } = (await res.json()) as { caseNumber: string; trackingCode: string };

  await stack.stop();
  const javaGone = !isRunning(javaPid) && !existsSync(join(dataDir, 'dynamodb.pid'));
  stack = await startLocalStack(options);
  const tracked = await fetch(`${stack.url}/api/v1/cases/${caseNumber}`, { headers: { 'X-Tracking-Code': trackingCode } });

  expect(javaGone).toBe(true);
  expect(tracked.status).toBe(200);
  expect(await tracked.json()).toMatchObject({ caseNumber, kind: 'hazard', villageId: 'songlin' });
});
