/**
 * Choosing the county: `counties/<id>.json` through `loadCountyFile`, and the CDK app entry that
 * cdk.json runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCountyFile } from '../../infra/county-file.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'cunjing-infra-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadCountyFile', () => {
  it('loads and validates the demo county', () => {
    const county = loadCountyFile('demo');

    expect(county.code).toBe('DEMO');
  });

  it('names the missing file and the known counties when a county does not exist', () => {
    expect(() => loadCountyFile('atlantis')).toThrow(/County file .*counties[/\\]atlantis\.json not found.*Known counties: .*demo/);
  });

  it('refuses a county id that is not a plain file name', () => {
    expect(() => loadCountyFile('../package')).toThrow(/not a county file name/);
  });

  it('names the file and the bad field of an invalid county file', () => {
    // Arrange
    const dir = path.join(scratch, 'counties');
    mkdirSync(dir, { recursive: true });
    const demo = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'counties', 'demo.json'), 'utf8'));
    writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ ...demo, code: 'demo' }));

    // Act + Assert
    expect(() => loadCountyFile('broken', dir)).toThrow(/broken\.json is not a valid county file:[\s\S]*code: must be 2 to 8 capital letters/);
  });

  it('names a file that is not JSON', () => {
    const dir = path.join(scratch, 'not-json');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'garbled.json'), '{ "code": ');

    expect(() => loadCountyFile('garbled', dir)).toThrow(/garbled\.json is not valid JSON/);
  });
});

describe('the CDK app (cdk.json "app")', () => {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { app: string; context?: Record<string, unknown> };
  // Run the app command exactly as the CDK CLI would, with the Node that runs the tests.
  const command = cdkJson.app.replace(/^node\b/, JSON.stringify(process.execPath));
  const runApp = (context: Record<string, string>, outdir: string) =>
    spawnSync(command, {
      cwd: PROJECT_ROOT,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }), CDK_OUTDIR: outdir },
    });

  it('fails with the name of the county file when the county is unknown', () => {
    const result = runApp({ county: 'atlantis' }, path.join(scratch, 'out-unknown'));

    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/counties[/\\]atlantis\.json not found/);
  });

  it('synthesizes the Cunjing-<county> stack offline', () => {
    const outdir = path.join(scratch, 'out-demo');

    const result = runApp({ county: 'demo' }, outdir);

    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(outdir, 'Cunjing-demo.template.json'))).toBe(true);
  });
});
