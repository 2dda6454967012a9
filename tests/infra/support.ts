/**
 * Helpers for the infra tests: an App with the same context (feature flags) as `cdk synth`, the demo
 * county, a small built site, and readers for IAM policies of a function.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { County } from '../../functions/domain/county.ts';
import type { CunjingFunction } from '../../infra/constructs/function.ts';
import { loadCountyFile } from '../../infra/county-file.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
import { CountyStack, type CountyStackProps } from '../../infra/stack.ts';

/**
 * An App that synthesizes like `cdk synth`: same feature flags from cdk.json. Functions are not
 * bundled unless asked: only the configuration is under test (the CLI synth test bundles).
 */
export function testApp(options: { bundle?: boolean } = {}): App {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return new App({ context: { ...cdkJson.context, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) } });
}

export function demoCounty(): County {
  return loadCountyFile('demo');
}

/** Another county built from the demo file with its own code. */
export function otherCounty(code: string): County {
  return { ...demoCounty(), code };
}

/** The inline script of the test site's page: its hash must reach the CSP. */
export const TEST_INLINE_SCRIPT = "document.documentElement.className='js';";
/** The inline style of the test site's page. */
export const TEST_INLINE_STYLE = 'main{margin:0}';

let siteDir: string | undefined;

/**
 * A built site standing in for web/dist: an index page with one inline script, one JSON data block
 * (not executed, so not hashed), one inline style, and the demo county's villages; and a nested page.
 */
export function testSiteDir(county: County = demoCounty()): string {
  if (siteDir) return siteDir;
  const dir = mkdtempSync(path.join(tmpdir(), 'cunjing-site-'));
  const options = county.stations.flatMap((s) => s.offices.flatMap((o) => o.villages.map((v) => `<option value="${v.id}">${v.name}</option>`)));
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><link rel="stylesheet" href="/site.css"><style>${TEST_INLINE_STYLE}</style></head><body>` +
      `<select name="villageId">${options.join('')}</select>` +
      `<script type="application/ld+json">{"@type":"Organization"}</script><script>${TEST_INLINE_SCRIPT}</script><script src="/x.js"></script>` +
      '</body></html>',
  );
  writeFileSync(path.join(dir, 'site.css'), 'body{font:16px sans-serif}');
  mkdirSync(path.join(dir, 'about'));
  writeFileSync(path.join(dir, 'about', 'index.html'), '<!doctype html><title>about</title>');
  siteDir = dir;
  return dir;
}

/** The demo county's stack in a fresh app (not bundled), with the test site. */
export function demoStack(props: Partial<CountyStackProps> & { bundle?: boolean } = {}): CountyStack {
  const { bundle, ...rest } = props;
  const countyId = rest.countyId ?? 'demo';
  return new CountyStack(testApp({ bundle }), `Cunjing-${countyId}`, { countyId, county: demoCounty(), siteDir: testSiteDir(), ...rest });
}

/** A county file's `site` for a custom domain. */
export const CUSTOM_DOMAIN = {
  domainName: 'cunjing.example.gov.cn',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012',
} as const;

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnFunction | CfnRole | undefined;
  if (!resource) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: unknown[];
}

/** Every statement of the IAM policies attached to a function's role. */
export function statementsOf(template: Template, fn: CunjingFunction): Statement[] {
  const roleId = logicalId(fn.role);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: unknown[]; PolicyDocument: { Statement: Record<string, unknown>[] } };
  }[];
  return policies
    .filter((policy) => policy.Properties.Roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .map((s) => ({
      Effect: s.Effect as Statement['Effect'],
      Action: ([] as string[]).concat(s.Action as string | string[]),
      Resource: ([] as unknown[]).concat(s.Resource),
    }));
}

/** Actions allowed on resources that reference the given logical id (the resource or its indexes). */
export function actionsOn(statements: Statement[], resourceLogicalId: string): Set<string> {
  return new Set(
    statements
      .filter((s) => s.Effect === 'Allow' && s.Resource.some((r) => JSON.stringify(r).includes(`"${resourceLogicalId}"`)))
      .flatMap((s) => s.Action),
  );
}

/** Every action the function may perform, whatever the resource. */
export function allActions(statements: Statement[]): Set<string> {
  return new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));
}

export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
