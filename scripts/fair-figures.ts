/**
 * `npm run figures:fair`: the month the issue describes, on a throwaway local stack, and what the
 * assessment (月考核) then says of the two officers involved.
 *
 * 10 disputes reach 王军 (东山村). Nobody acknowledges them: all 10 climb to the central office; 王军
 * then acknowledges 3; the other 7 climb to the station (17 escalation steps on 10 cases). He
 * transfers 3 of those 7 to 河口村, whose officer 赵强 acknowledges each 5 minutes after it reached him,
 * acknowledges the last 4 himself, then transfers one he had acknowledged to 河口村 as well, where it
 * waits. Fair figures charge 王军 with 10 cases received, 10 escalated (17 steps) and 7
 * acknowledgements, and 赵强 with 4 cases received, none escalated, and 3 acknowledgements after 5
 * minutes each; the waiting case shows no acknowledgement time.
 *
 * Prints the assessment rows of both officers (JSON), as GET /api/v1/admin/assessment answers them,
 * and the waiting case's status and acknowledgement time as the console reads them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_INTAKE_LIMITS, startLocalStack } from './local/stack.ts';
import { freePort } from '../tests/support/ports.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'cunjing-fair-'));
const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), dataDir, buildWeb: false, log: () => undefined, intakeLimits: NO_INTAKE_LIMITS, smsGate: 'off', escalateEveryMs: 24 * 3_600_000 });
const url = stack.url;
const WANG = '+8613800001001';
const ZHAO = '+8613800001003';
const BUREAU = '+8613300006201';

interface Sms {
  readonly to: string;
  readonly role: string;
  readonly body: string;
  readonly caseNumber?: string;
}
const outbox = async () => (await (await fetch(`${url}/dev/outbox.json`)).json()) as Sms[];
const post = (path: string, body: string | object, type = 'application/json') =>
  fetch(url + path, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const advance = async (minutes: number) => void (await post(`/dev/clock?advanceMinutes=${minutes}`, ''));

/** Waits for the SMS to `to` whose body matches, and returns the one-tap link in it. */
async function linkTo(to: string, caseNumber: string): Promise<string> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const sms = (await outbox()).filter((m) => m.to === to && m.caseNumber === caseNumber).at(-1);
    const link = /\/o\/[0-9a-z]{12}/.exec(sms?.body ?? '')?.[0];
    if (link) return link;
  }
  throw new Error(`no link to ${to} for ${caseNumber}`);
}

async function act(link: string, fields: Record<string, string>): Promise<void> {
  const res = await post(link, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  if (res.status !== 303 && res.status !== 200) throw new Error(`${fields.action} on ${link}: ${res.status} ${await res.text()}`);
}

try {
  const cases: string[] = [];
  for (let i = 0; i < 10; i += 1) {
    const res = await post('/api/v1/cases', { kind: 'dispute', villageId: 'dongshan', description: `第${i + 1}起：两户村民因宅基地界线吵架，需要调解` });
    cases.push(((await res.json()) as { caseNumber: string }).caseNumber);
  }
  const links = new Map<string, string>();
  for (const n of cases) links.set(n, await linkTo(WANG, n));

  await advance(241); // the dispute SLA is 240 minutes
  await post('/dev/escalate', '');
  for (const n of cases.slice(0, 3)) await act(links.get(n)!, { action: 'acknowledge' });
  await advance(241);
  await post('/dev/escalate', '');

  for (const n of cases.slice(3, 6)) {
    await act(links.get(n)!, { action: 'transfer', villageId: 'hekou' });
    const zhao = await linkTo(ZHAO, n);
    await advance(5);
    await act(zhao, { action: 'acknowledge' });
  }
  for (const n of cases.slice(6)) await act(links.get(n)!, { action: 'acknowledge' });
  // One he had acknowledged goes to 河口村 too, and waits there for 赵强.
  await act(links.get(cases[0]!)!, { action: 'transfer', villageId: 'hekou' });

  const seen = (await outbox()).filter((m) => m.role === 'login').length;
  await post('/api/v1/admin/login/code', { phone: BUREAU });
  let code: string | undefined;
  for (const deadline = Date.now() + 5_000; !code && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    code = /(\d{6})/.exec((await outbox()).filter((m) => m.role === 'login').slice(seen).at(-1)?.body ?? '')?.[1];
  }
  const signedIn = await post('/api/v1/admin/login/verify', { phone: BUREAU, code });
  const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]!;
  const assessment = (await (await fetch(`${url}/api/v1/admin/assessment`, { headers: { Cookie: cookie } })).json()) as { officers: { name: string; figures: object }[] };
  for (const row of assessment.officers.filter((o) => o.name === '王军' || o.name === '赵强')) console.log(JSON.stringify({ officer: row.name, ...row.figures }));
  const waiting = (await (await fetch(`${url}/api/v1/admin/cases/${cases[0]}`, { headers: { Cookie: cookie } })).json()) as { caseNumber: string; status: string; ackAt?: string };
  console.log(JSON.stringify({ case: waiting.caseNumber, status: waiting.status, ackAt: waiting.ackAt ?? null }));
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
