/**
 * `npm run open311:key`, run as the operator runs it (a child process), on a scratch copy of the
 * demo county file (`--dir`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCounty } from '../../functions/domain/county.ts';
import { clientForKey } from '../../functions/domain/open311.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cunjing-open311-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(path.join(PROJECT_ROOT, 'counties', 'demo.json'), path.join(dir, 'demo.json'));

function issue(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'open311-key.ts'), 'demo', ...args, '--dir', dir], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, key: /\bo311_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/.exec(result.stdout)?.[0] };
}
const county = () => parseCounty(JSON.parse(readFileSync(path.join(dir, 'demo.json'), 'utf8')));

describe('npm run open311:key', () => {
  it('prints a key once and keeps only its hash in the county file', () => {
    const { status, key } = issue('--client', 'hotline', '--name', '12345 热线', '--per-hour', '120');

    expect(status).toBe(0);
    expect(readFileSync(path.join(dir, 'demo.json'), 'utf8')).not.toContain(key!);
    expect(clientForKey(county().open311.clients, key)).toMatchObject({ id: 'hotline', name: '12345 热线', requestsPerHour: 120 });
  });

  it('replaces the key of a client issued again, so the old key stops working', () => {
    const first = issue('--client', 'grid', '--name', '网格平台');
    const second = issue('--client', 'grid', '--name', '网格平台');

    expect(second.stdout).toContain('Replaced the key of grid');
    expect(clientForKey(county().open311.clients, second.key)?.id).toBe('grid');
    expect(clientForKey(county().open311.clients, first.key)).toBeUndefined();
    expect(county().open311.clients.filter((c) => c.id === 'grid')).toHaveLength(1);
  });

  it('refuses a client id the county file would refuse, and changes nothing', () => {
    const before = readFileSync(path.join(dir, 'demo.json'), 'utf8');

    const { status, stderr } = issue('--client', 'Bad Id', '--name', 'x');

    expect(status).toBe(1);
    expect(stderr).toContain('open311.clients[');
    expect(readFileSync(path.join(dir, 'demo.json'), 'utf8')).toBe(before);
  });

  it('shows its usage without --client and --name', () => {
    const { status, stderr } = issue();

    expect(status).toBe(2);
    expect(stderr).toContain('usage: npm run open311:key');
  });
});
