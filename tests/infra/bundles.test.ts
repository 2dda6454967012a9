/**
 * Lambda bundles, built as the stack builds them (infra/bundling.ts): what a cold start loads stays
 * within the 200 KiB budget, and the rare paths are chunks of their own in the deployed asset.
 * esbuild bundles all seven functions in a few seconds, offline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CunjingFunction } from '../../infra/constructs/function.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import { BUNDLE_BUDGET_BYTES, buildBundles, HANDLER_ENTRIES } from '../../scripts/bench/bundles.ts';
import { logicalId, testApp } from './support.ts';

describe('Lambda bundles', () => {
  it('keep what every function loads at cold start within 200 KiB', async () => {
    const bundles = await buildBundles(PROJECT_ROOT);

    expect(bundles.map((b) => b.name).sort()).toEqual(Object.keys(HANDLER_ENTRIES).sort());
    expect(bundles.filter((b) => b.bytes > BUNDLE_BUDGET_BYTES).map((b) => `${b.name}: ${b.bytes} bytes`)).toEqual([]);
  });

  it('leave the page strings and the proof of work out of the api function\'s cold start', async () => {
    const api = (await buildBundles(PROJECT_ROOT)).find((b) => b.name === 'api')!;

    const entry = new TextDecoder().decode(api.files.get('index.mjs'));
    expect([...api.files.keys()].filter((f) => /^chunks\/(zh-CN|en|challenge)-[\w-]+\.mjs$/.test(f))).toHaveLength(3);
    expect(entry).not.toContain('一村一警');
    expect(api.lazyBytes).toBeGreaterThan(20_000);
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
