/**
 * `npm run publish:latency`: how long a console edit takes to reach the static public pages on the
 * local stack. Starts a throw-away stack (its own DynamoDB Local, free ports, temp data), signs in
 * to the console's API as the bureau, renames an officer `PUBLISH_RUNS` times (default 5) and, after
 * each save, fetches `/v/dongshan/` until the portal serves the new name: the time from sending the
 * save to that page (the roster stream's poll, one publish of every roster page, the file served).
 * On AWS the same publish reaches residents within the pages' 5-minute cache.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../tests/support/ports.ts';
import { startLocalStack } from './local/stack.ts';

const BUREAU = '13300006201';
const runs = Number(process.env.PUBLISH_RUNS ?? 5);
const dataDir = await mkdtemp(join(tmpdir(), 'cunjing-publish-latency-'));
const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), dataDir, log: () => undefined });
try {
  const json = { 'Content-Type': 'application/json', Origin: stack.url };
  await fetch(`${stack.url}/api/v1/admin/login/code`, { method: 'POST', headers: json, body: JSON.stringify({ phone: BUREAU }) });
  let code: string | undefined;
  for (const deadline = Date.now() + 5_000; !code && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const outbox = (await (await fetch(`${stack.url}/dev/outbox.json`)).json()) as { to: string; role: string; body: string }[];
    code = /(\d{6})/.exec(outbox.filter((m) => m.role === 'login' && m.to === `+86${BUREAU}`).at(-1)?.body ?? '')?.[1];
  }
  const verified = await fetch(`${stack.url}/api/v1/admin/login/verify`, { method: 'POST', headers: json, body: JSON.stringify({ phone: BUREAU, code }) });
  if (verified.status !== 200) throw new Error(`sign-in failed: HTTP ${verified.status}`);
  const { csrfToken } = (await verified.json()) as { csrfToken: string };
  const headers = { ...json, Cookie: verified.headers.get('set-cookie')!.split(';')[0]!, 'X-CSRF-Token': csrfToken };
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const name = `王俊${i}`;
    const start = performance.now();
    const saved = await fetch(`${stack.url}/api/v1/admin/roster`, { method: 'PATCH', headers, body: JSON.stringify({ target: 'officer', id: 'wang-jun', name }) });
    if (saved.status !== 200) throw new Error(`the roster edit failed: HTTP ${saved.status}`);
    while (!(await (await fetch(`${stack.url}/v/dongshan/`)).text()).includes(name)) await new Promise((r) => setTimeout(r, 20));
    times.push(Math.round(performance.now() - start));
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`console save → village page served with the new name, ${runs} saves (ms): ${times.join(', ')}`);
  console.log(`median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms; load average ${loadavg()[0]!.toFixed(2)}`);
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
