/**
 * A county on a domestic SMS provider (counties/demo-cn.json: Alibaba Cloud SMS): the senders get the
 * provider's settings and read access to its credentials secret, and nothing may publish through SNS;
 * bundles carry the chosen provider's SDK only.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import type { County } from '../../functions/domain/county.ts';
import { bundleOptions, bundleSmsSdk, ENTRY_FILE, SMS_SDKS } from '../../infra/bundling.ts';
import { loadCountyFile } from '../../infra/county-file.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import type { CountyStack } from '../../infra/stack.ts';
import { actionsOn, allActions, demoStack, logicalId, statementsOf } from './support.ts';

const demoCn = (): County => loadCountyFile('demo-cn');

describe('CountyStack for a county on Alibaba Cloud SMS', () => {
  let stack: CountyStack;
  let template: Template;
  const variables = (fn: { function: Parameters<typeof logicalId>[0] }) => template.toJSON().Resources[logicalId(fn.function)].Properties.Environment.Variables;

  beforeAll(() => {
    stack = demoStack({ countyId: 'demo-cn', county: demoCn() });
    template = Template.fromStack(stack);
  });

  it('makes one secret for the provider\'s credentials, read by the three senders and no other function', () => {
    const secret = logicalId(stack.sms.providerCredentials!);
    template.hasResourceProperties('AWS::SecretsManager::Secret', { Name: 'cunjing-demo-cn/sms-provider' });

    const readers = [stack.api.handler, stack.api.adminHandler, stack.routing.handler, stack.escalation.handler, stack.photos.processor, stack.rosterSeed.handler].filter((fn) =>
      actionsOn(statementsOf(template, fn), secret).has('secretsmanager:GetSecretValue'),
    );
    expect(readers).toEqual([stack.api.adminHandler, stack.routing.handler, stack.escalation.handler]);
  });

  it('gives the senders the provider, the signature and the secret\'s ARN, and the other functions none of it', () => {
    for (const sender of [stack.routing.handler, stack.api.adminHandler, stack.escalation.handler]) {
      expect(variables(sender)).toMatchObject({ SMS_ADAPTER: 'aliyun', SMS_SIGN_NAME: '青山村警', SMS_LOCALE: 'zh-CN', SMS_SECRET_ARN: { Ref: logicalId(stack.sms.providerCredentials!) } });
      expect(variables(sender).SMS_SENDER_ID).toBeUndefined();
    }
    expect(variables(stack.api.handler).SMS_ADAPTER).toBeUndefined();
    expect(variables(stack.api.handler).SMS_SECRET_ARN).toBeUndefined();
  });

  it('allows no function to publish through SNS, and sets no alarm on SNS\'s SMS spend', () => {
    for (const fn of [stack.api.handler, stack.api.adminHandler, stack.routing.handler, stack.escalation.handler]) {
      expect([...allActions(statementsOf(template, fn))].filter((a) => a.startsWith('sns:'))).toEqual([]);
    }
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName)).not.toContain('cunjing-demo-cn-sms-spend');
    expect(stack.sms.spendAlarmThresholdUsd).toBeUndefined();
  });

  it('bundles every function for the county\'s provider', () => {
    expect(new Set([stack.api.handler, stack.api.adminHandler, stack.routing.handler, stack.escalation.handler].map((fn) => fn.bundledSmsProvider))).toEqual(new Set(['aliyun']));
  });
});

describe('CountyStack for a county on Tencent Cloud SMS', () => {
  it('passes the application id and region to the senders', () => {
    const county = demoCn();
    const stack = demoStack({ countyId: 'demo-cn', county: { ...county, sms: { ...county.sms, provider: 'tencent', sdkAppId: '1400006666', region: 'ap-guangzhou' } } });

    const env = Template.fromStack(stack).toJSON().Resources[logicalId(stack.routing.handler.function)].Properties.Environment.Variables;

    expect(env).toMatchObject({ SMS_ADAPTER: 'tencent', SMS_APP_ID: '1400006666', SMS_REGION: 'ap-guangzhou', SMS_SIGN_NAME: '青山村警' });
  });
});

describe('SMS provider SDKs in the bundles', () => {
  /** The SMS adapter choice bundled as the stack bundles it for a county on `provider` (infra/bundling.ts). */
  async function bundleFor(provider: 'sns' | 'aliyun') {
    const outdir = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'cunjing-sms-provider-test', provider);
    const result = await build({ ...bundleOptions(path.join(PROJECT_ROOT, 'functions/runtime/sms.ts'), outdir, [], provider), write: false, logLevel: 'silent' });
    const outputs = Object.values(result.metafile!.outputs);
    const entry = Object.entries(result.metafile!.outputs).find(([file]) => file.endsWith(`/${ENTRY_FILE}`))![1];
    return {
      inputs: Object.keys(result.metafile!.inputs),
      /** What the cold start loads of our code. */
      coldInputs: Object.keys(entry.inputs),
      lazy: [...new Set(outputs.flatMap((o) => o.imports).filter((i) => i.kind === 'dynamic-import' && i.external && !i.path.startsWith('node:')).map((i) => i.path))].sort(),
    };
  }
  const sdkFiles = (inputs: string[]) => inputs.filter((i) => /node_modules\/(@alicloud|@darabonba|tencentcloud-sdk)/.test(i));

  it('leaves the domestic providers out of a county on SNS: no adapter, no SDK, an import that never runs', async () => {
    const sns = await bundleFor('sns');

    expect(sdkFiles(sns.inputs)).toEqual([]);
    expect(sns.inputs.filter((i) => /notify\/(aliyun|tencent)\.ts|domestic-sms\.ts/.test(i))).toEqual([]);
    expect(sns.lazy).toHaveLength(1);
    expect(sns.lazy[0]).toMatch(/domestic-sms\.ts$/);
  });

  it('carries the adapters for a county on a domestic provider in a chunk loaded on the first SMS, and imports the SDK from beside the bundle', async () => {
    const aliyun = await bundleFor('aliyun');

    expect(sdkFiles(aliyun.inputs)).toEqual([]);
    expect(aliyun.inputs).toEqual(expect.arrayContaining(['functions/notify/aliyun.ts', 'functions/runtime/domestic-sms.ts']));
    expect(aliyun.coldInputs.filter((i) => /notify\/(aliyun|tencent)\.ts|domestic-sms\.ts/.test(i))).toEqual([]);
    expect(aliyun.lazy).toEqual(['@alicloud/dysmsapi20170525', 'tencentcloud-sdk-nodejs-sms']);
  });

  it.each(['aliyun', 'tencent'] as const)('puts the %s SDK beside the bundle as one file its import finds', (provider) => {
    const outputDir = mkdtempSync(path.join(tmpdir(), `cunjing-${provider}-asset-`));
    try {
      bundleSmsSdk(provider, outputDir);
      writeFileSync(path.join(outputDir, 'probe.mjs'), `const m = await import('${SMS_SDKS[provider].entry}'); const e = m.default; console.log(JSON.stringify({ request: typeof (e.SendSmsRequest ?? e.sms?.v20210111?.Client), client: typeof (e.default ?? e.sms?.v20210111?.Client) }));`);

      const probe = JSON.parse(execFileSync(process.execPath, ['probe.mjs'], { cwd: outputDir, encoding: 'utf8' }));

      expect(probe).toEqual({ request: 'function', client: 'function' });
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  });

  it('adds nothing beside the bundle for a county on SNS', () => {
    const outputDir = mkdtempSync(path.join(tmpdir(), 'cunjing-sns-asset-'));
    try {
      bundleSmsSdk('sns', outputDir);

      expect(readdirSync(outputDir)).toEqual([]);
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  });
});
