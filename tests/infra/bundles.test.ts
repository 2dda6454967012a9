/**
 * Lambda bundles, built as the stack builds them (infra/bundling.ts): the rare paths are chunks of
 * their own in the deployed asset, and what a cold start loads stays within the 200,000-byte budget
 * (a size, not a timing: `npm run bench -- --bundles` reports it with the cold init).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CunjingFunction } from '../../infra/constructs/function.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import { buildBundles, BUNDLE_BUDGET_BYTES, HANDLER_ENTRIES, type Bundle } from '../../scripts/bench/bundles.ts';
import { logicalId, testApp } from './support.ts';

describe('Lambda bundles', () => {
  let bundles: Bundle[];
  beforeAll(async () => {
    bundles = await buildBundles(PROJECT_ROOT);
  });
  const text = (b: Bundle, file: string) => new TextDecoder().decode(b.files.get(file));
  /** The cold-start code: index.mjs and the chunks it imports statically. */
  const coldStart = (b: Bundle) => [...b.files.keys()].filter((f) => f === 'index.mjs' || (f.startsWith('chunks/') && text(b, 'index.mjs').includes(`./${f}`))).map((f) => text(b, f)).join('\n');

  it('build every function the stack deploys, with what a cold start loads apart from the rare paths\' chunks', () => {
    expect(bundles.map((b) => b.name).sort()).toEqual(Object.keys(HANDLER_ENTRIES).sort());
    expect(bundles.every((b) => b.bytes > 0 && b.files.has('index.mjs'))).toBe(true);
  });

  it('keep what every function loads at cold start within 200,000 bytes', () => {
    const over = bundles.filter((b) => b.bytes > BUNDLE_BUDGET_BYTES).map((b) => `${b.name}: ${b.bytes} bytes; largest inputs ${b.inputs.slice(0, 5).map((i) => `${i.input} ${i.bytes}`).join(', ')}`);

    expect(BUNDLE_BUDGET_BYTES).toBe(200_000);
    expect(over).toEqual([]);
  });

  it('leave the page strings, the server pages, the pages a refused form post gets and the proof of work out of the api function\'s cold start', () => {
    const api = bundles.find((b) => b.name === 'api')!;

    expect([...api.files.keys()].filter((f) => /^chunks\/(zh-CN|en|challenge|server-pages)-[\w-]+\.mjs$/.test(f))).toHaveLength(4);
    expect(coldStart(api)).not.toContain('一村一警');
    expect(api.inputs.map((i) => i.input).filter((i) => /^functions\/api\/(pages|form-again|(track|rate|alerts|stats)-pages|find-page|server-pages)\.tsx?$/.test(i))).toEqual([]);
    // hono/jsx's renderer (its error for a bad tag name is in no other module) comes with the pages.
    expect(coldStart(api)).not.toContain('Invalid JSX tag name');
    expect(api.lazyBytes).toBeGreaterThan(40_000);
  });

  it('leave the officer pages, the inbox, their components and the timeline\'s words out of the admin function\'s cold start', () => {
    const admin = bundles.find((b) => b.name === 'admin')!;

    const inputs = admin.inputs.map((i) => i.input);
    expect(inputs.filter((i) => /^functions\/(api\/officer-|ui\/)/.test(i))).toEqual([]);
    expect(inputs).not.toContain('functions/domain/timeline-text.ts');
    // hono/jsx's renderer (its error for a bad tag name is in no other module) comes with the pages.
    expect(coldStart(admin)).not.toContain('Invalid JSX tag name');
    expect([...admin.files.keys()].some((f) => /^chunks\/officer-inbox-[\w-]+\.mjs$/.test(f))).toBe(true);
  });

  it('deploys the chunks beside index.mjs, each a module Node loads on its own', async () => {
    // Arrange: one function, bundled as `cdk synth` bundles it.
    const app = testApp({ bundle: true });
    const stack = new Stack(app, 'Bundled');
    const fn = new CunjingFunction(stack, 'Api', { entry: 'functions/handlers/api.ts', serviceName: 'test-api' });

    // Act
    const assembly = app.synth();

    // Assert
    const code = Template.fromStack(stack).toJSON().Resources[logicalId(fn.function)].Properties as { Handler: string; Code: { S3Key: string } };
    const dir = path.join(assembly.directory, `asset.${code.Code.S3Key.replace(/\.zip$/, '')}`);
    const chunks = readdirSync(path.join(dir, 'chunks')).filter((f) => f.endsWith('.mjs'));
    const english = chunks.find((f) => f.startsWith('en-'))!;
    expect(code.Handler).toBe('index.handler');
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map', 'chunks']));
    expect(((await import(pathToFileURL(path.join(dir, 'chunks', english)).href)) as { default: { langName: string } }).default.langName).toBe('English');
  });
});
