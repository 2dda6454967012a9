/**
 * Lambda bundles, built as the stack builds them (infra/bundling.ts): the rare paths are chunks of
 * their own in the deployed asset. The 200 KiB budget on what a cold start loads is reported by
 * `npm run bench -- --bundles`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { CunjingFunction } from '../../infra/constructs/function.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import { buildBundles, HANDLER_ENTRIES } from '../../scripts/bench/bundles.ts';
import { logicalId, testApp } from './support.ts';

describe('Lambda bundles', () => {
  it('build every function the stack deploys, with what a cold start loads apart from the rare paths\' chunks', async () => {
    const bundles = await buildBundles(PROJECT_ROOT);

    expect(bundles.map((b) => b.name).sort()).toEqual(Object.keys(HANDLER_ENTRIES).sort());
    expect(bundles.every((b) => b.bytes > 0 && b.files.has('index.mjs'))).toBe(true);
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
