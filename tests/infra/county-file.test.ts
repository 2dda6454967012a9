/**
 * Choosing the county: `counties/<id>.json` through `loadCountyFile`, and the CDK app entry that
 * cdk.json runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('fails saying to run npm run build:web when the site is not built', () => {
    const empty = path.join(scratch, 'no-site');
    mkdirSync(empty, { recursive: true });

    const result = runApp({ county: 'demo', siteDir: empty }, path.join(scratch, 'out-no-site'));

    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/The web site is not built: .*index\.html is missing\. Run `COUNTY=<county> npm run build:web`/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cdk synth with the pinned CLI (what CI runs)', () => {
  const cli = path.join(PROJECT_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

  it('uses aws-cdk 2.1148.1', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'node_modules', 'aws-cdk', 'package.json'), 'utf8')) as { version: string };
    const declared = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['aws-cdk'];

    expect(pkg.version).toBe('2.1148.1');
    expect(declared).toBe('2.1148.1');
  });

  it('synthesizes the demo county offline, bundling every function', () => {
    // Arrange: the site as `npm run build:web` would leave it, in a scratch directory.
    const site = path.join(scratch, 'site');
    mkdirSync(site, { recursive: true });
    writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>demo</title>');
    const outdir = path.join(scratch, 'cdk.out');

    // Act
    const result = spawnSync(process.execPath, [cli, 'synth', '-q', '--no-notices', '-c', 'county=demo', '-c', `siteDir=${site}`, '-o', outdir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });

    // Assert
    expect(result.status, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(path.join(outdir, 'Cunjing-demo.template.json'), 'utf8')) as { Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }> };
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(4);
    const manifest = readFileSync(path.join(outdir, 'Cunjing-demo.assets.json'), 'utf8');
    // Every bundled function's code is an asset (CDK's bucket-notification helper has inline code).
    for (const fn of functions.filter((f) => !('ZipFile' in (f.Properties.Code ?? {})))) expect(manifest).toContain(fn.Properties.Code!.S3Key!);
  });
});
