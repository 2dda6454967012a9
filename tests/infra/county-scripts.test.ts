/**
 * `npm run county:new` and `npm run county:check`, run as the operator runs them (child processes),
 * against a scratch counties directory (`--dir`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCountyFile } from '../../infra/county-file.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';

const root = mkdtempSync(path.join(tmpdir(), 'cunjing-county-scripts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let n = 0;
beforeEach(() => {
  n += 1;
  dir = path.join(root, `counties-${n}`);
  spawnSync('mkdir', ['-p', dir]);
});

function run(script: 'new' | 'check', ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'county', `${script}.ts`), ...args, '--dir', dir], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const file = (name: string) => path.join(dir, name);
const read = (name: string) => readFileSync(file(name), 'utf8');

/** Replaces the template's placeholders as a county would: real-looking numbers and address. */
function fillIn(id: string) {
  // The same placeholder becomes the same number in both files.
  const real = (placeholder: string) => placeholder.replace(/^\+999/, '+86139');
  if (existsSync(file(`${id}.roster.csv`))) writeFileSync(file(`${id}.roster.csv`), read(`${id}.roster.csv`).replace(/\+999\d+/g, real));
  writeFileSync(file(`${id}.json`), read(`${id}.json`).replace(/\+999\d+/g, real).replace('ops@example.org', 'cunjing@qingshan.gov.cn'));
}

describe('county:new', () => {
  it('scaffolds a valid county file and its roster CSV from the template, keeping the explanations', () => {
    const result = run('new', 'qingshan', '--name', '青山县');

    expect(result.status, result.stderr).toBe(0);
    const county = loadCountyFile('qingshan', dir);
    expect(county).toMatchObject({ code: 'QINGSHAN', name: '青山县', shortName: '青山' });
    const raw = JSON.parse(read('qingshan.json')) as Record<string, unknown>;
    expect(raw.$comment).toMatch(/code: 2 to 8 capital letters/);
    expect(read('qingshan.json')).not.toMatch(/^\s*\/\//m);
    expect(read('qingshan.roster.csv').split('\n').slice(0, 2)).toEqual([
      'township,village,officer,officer phone,assistant,assistant phone,informants',
      '城关镇,东村,民警一,+99900000001,助理一,+99900000401,',
    ]);
    expect(result.stdout).toMatch(/county:check -- qingshan/);
  });

  it('takes the case-number code from --code', () => {
    expect(run('new', 'hill-7', '--code', 'HS').status).toBe(0);

    expect(loadCountyFile('hill-7', dir).code).toBe('HS');
  });

  it('refuses to overwrite an existing county file', () => {
    run('new', 'qingshan');
    const before = read('qingshan.json');

    const result = run('new', 'qingshan', '--name', '别的县');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/qingshan\.json .*already exist.*--force/);
    expect(read('qingshan.json')).toBe(before);
  });

  it('refuses an id that cannot be a county file name', () => {
    const result = run('new', 'Qing Shan');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot be a county id/);
  });

  it('writes no CSV with --no-csv', () => {
    run('new', 'qingshan', '--no-csv');

    expect(existsSync(file('qingshan.roster.csv'))).toBe(false);
  });
});

describe('county:check', () => {
  it('refuses a freshly scaffolded county until the placeholders are replaced, naming each place', () => {
    run('new', 'qingshan');

    const result = run('check', 'qingshan');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/qingshan\.json bureau\.dutyContact\.phone: \+99900000100 is the template's placeholder/);
    expect(result.stderr).toMatch(/qingshan\.roster\.csv line 2: \+99900000001 is the template's placeholder/);
    expect(result.stderr).toMatch(/qingshan\.roster\.csv line 3: \+99900000402 is the template's placeholder/);
    expect(result.stderr).toMatch(/qingshan\.json ops\.alarmEmail: ops@example\.org is a placeholder/);
  });

  it('accepts the county once filled in, and says what it holds', () => {
    run('new', 'qingshan');
    fillIn('qingshan');

    const result = run('check', 'qingshan');

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/qingshan\.json: OK, QINGSHAN .*1 stations, 1 central offices, 2 villages, 2 officers \(officers and assistants from .*qingshan\.roster\.csv\)/);
  });

  it('fails for a county on a domestic SMS provider without a template code, and prints the templates to register', () => {
    const county = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'counties', 'demo-cn.json'), 'utf8'));
    delete county.sms.templates.digest;
    delete county.sms.templates.login;
    writeFileSync(file('baishui.json'), JSON.stringify(county));

    const result = run('check', 'baishui');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/baishui\.json sms\.templates: no aliyun template code for login, digest: register the templates printed below under the signature 青山村警/);
    expect(result.stderr).toContain('login (验证码):\n  登录验证码${code}，5分钟内有效。请勿告诉他人。\n    ${code} code: 验证码（仅数字）, 1–6 characters');
    expect(result.stderr).toContain('digest (短信通知):\n  ${village}自${since}起有${count}起新案件（未逐条短信通知），请登录村警工作台 https://cunjing.qingshan.example.cn/o/inbox 查看。');
    expect(result.stderr).not.toContain('assignment (');
  });

  it('refuses a village name longer than the template variable that carries it', () => {
    const county = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'counties', 'demo-cn.json'), 'utf8'));
    county.stations[0].offices[0].villages[0].name = '村'.repeat(21);
    writeFileSync(file('baishui.json'), JSON.stringify(county));

    const result = run('check', 'baishui');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/stations\[0\]\.offices\[0\]\.villages\[0\]\.name: "村{21}" is longer than 20 characters/);
  });

  it('warns that a county on a domestic provider sends no one-tap link even with sms.links on', () => {
    const county = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'counties', 'demo-cn.json'), 'utf8'));
    county.sms.links = true;
    writeFileSync(file('baishui.json'), JSON.stringify(county));

    const result = run('check', 'baishui');

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: .*baishui\.json sms\.links: aliyun sends registered templates, which may carry no link: officers' SMS name the inbox \(\/o\/inbox\) and carry no one-tap link whatever sms\.links says/);
  });

  it('accepts the fictional China county with every template registered', () => {
    writeFileSync(file('demo-cn.json'), readFileSync(path.join(PROJECT_ROOT, 'counties', 'demo-cn.json')));

    const result = run('check', 'demo-cn');

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/SMS through aliyun with 13 registered templates/);
  });

  it.each([
    ['the field of a bad cell', '+8613900000402', '12345', /qingshan\.roster\.csv line 3, assistantPhone: "12345" is not a mobile number/],
    ['a village the county file does not have', '西村', '北村', /qingshan\.roster\.csv line 3, village: no village "北村" in 城关镇; add new villages in the county file/],
  ])('names the CSV line and %s', (_what, cell, written, message) => {
    run('new', 'qingshan');
    fillIn('qingshan');
    writeFileSync(file('qingshan.roster.csv'), read('qingshan.roster.csv').replace(cell, written));

    const result = run('check', 'qingshan');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('names the county-file field of a bad value', () => {
    run('new', 'qingshan', '--no-csv');
    fillIn('qingshan');
    const raw = JSON.parse(read('qingshan.json'));
    raw.sla.tip = -5;
    raw.stations[0].offices[0].villages[1].officerId = 'nobody';
    writeFileSync(file('qingshan.json'), JSON.stringify(raw));

    const result = run('check', 'qingshan');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/qingshan\.json sla\.tip: /);
    expect(result.stderr).toMatch(/qingshan\.json stations\[0\]\.offices\[0\]\.villages\[1\]\.officerId: no officer with id "nobody"/);
  });

  it('asks for --write when the CSV assigns other people than the county file, and --write copies them in', () => {
    // Arrange: a new assistant for 西村 in the CSV only.
    run('new', 'qingshan');
    fillIn('qingshan');
    writeFileSync(file('qingshan.roster.csv'), read('qingshan.roster.csv').replace('助理二,+8613900000402', '新助理,13900000999'));

    // Act
    const before = run('check', 'qingshan');
    const write = run('check', 'qingshan', '--write');
    const after = run('check', 'qingshan');

    // Assert
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/roster differs from .*qingshan\.roster\.csv \(1 village: 西村: assistant 助理二 → 新助理\): run npm run county:check -- qingshan --write/);
    expect(write.status, write.stderr).toBe(0);
    expect(write.stdout).toMatch(/Copied the roster from the CSV into .*qingshan\.json/);
    expect(after.status, after.stderr).toBe(0);
    expect(loadCountyFile('qingshan', dir).stations[0]!.offices[0]!.villages[1]!.assistant).toEqual({ name: '新助理', phone: '+8613900000999' });
    const raw = JSON.parse(read('qingshan.json')) as { $comment?: string; sla: unknown };
    expect(raw.$comment).toMatch(/code: 2 to 8 capital letters/);
  });

  it('refuses a CSV that is not UTF-8 (Excel\'s plain CSV on Chinese Windows is GBK)', () => {
    run('new', 'qingshan');
    fillIn('qingshan');
    writeFileSync(file('qingshan.roster.csv'), Buffer.from([0x73, 0x74, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x5f, 0x69, 0x64, 0x0a, 0xb3, 0xc7, 0xb9, 0xd8]));

    const result = run('check', 'qingshan');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/qingshan\.roster\.csv is not UTF-8 text: .*CSV UTF-8/);
  });

  it('reports a missing county file with the command that makes one', () => {
    const result = run('check', 'nowhere');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nowhere\.json not found: make it with npm run county:new -- nowhere/);
  });
});

describe('sms:samples', () => {
  it('prints every SMS type of a county as JSON: template code, parameters, text, units and segments', () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'sms-samples.ts'), 'demo-cn', '--json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });

    expect(result.status, result.stderr).toBe(0);
    const samples = JSON.parse(result.stdout) as { type: string; template: string | null; params: Record<string, string>; text: string; units: number; segments: number }[];
    expect(new Set(samples.map((s) => s.type))).toEqual(new Set(['assignment', 'filed', 'transfer', 'reopened', 'defence', 'escalation', 'reported_up', 'assigned', 'answer', 'resident_ack', 'resident_resolved', 'login', 'digest']));
    expect(samples.find((s) => s.type === 'login')).toEqual({
      type: 'login',
      sample: 'sign-in code',
      template: 'SMS_900000012',
      params: { code: '482913' },
      text: '【青山村警】登录验证码482913，5分钟内有效。请勿告诉他人。',
      units: 32,
      segments: 1,
    });
    // The registered templates name the inbox on the county's domain: never more than two segments.
    for (const s of samples) expect(s.segments, s.text).toBeLessThanOrEqual(2);
  });
});
