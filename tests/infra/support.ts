/**
 * Helpers for the infra tests: an App with the same context (feature flags) as `cdk synth`, the demo
 * county, and readers for IAM policies of a function.
 */
import { readFileSync } from 'node:fs';
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

/** An App that synthesizes like `cdk synth`: same feature flags from cdk.json. */
export function testApp(): App {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return new App({ context: cdkJson.context ?? {} });
}

export function demoCounty(): County {
  return loadCountyFile('demo');
}

/** Another county built from the demo file with its own code. */
export function otherCounty(code: string): County {
  return { ...demoCounty(), code };
}

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
  const role = fn.function.role;
  if (!role) throw new Error(`${fn.node.path} has no role`);
  const roleId = logicalId(role);
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
