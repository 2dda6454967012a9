/**
 * cdk-nag's AwsSolutions pack over the county stack, in the shapes a county can take: production
 * with its own domain, a throw-away stack on the CloudFront domain, and demo-cn in the AWS China
 * regions. No finding may be left
 * unsuppressed, and every suppression carries a one-line reason (the list is in docs/deploy.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { CountyStack } from '../../infra/stack.ts';
import { loadCountyFile } from '../../infra/county-file.ts';
import { CUSTOM_DOMAIN, demoCounty, demoStack } from './support.ts';

interface Suppression {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: unknown[];
}

function checked(stack: CountyStack): { errors: string[]; warnings: string[]; suppressions: (Suppression & { resource: string })[] } {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  let annotations: Annotations;
  try {
    annotations = Annotations.fromStack(stack);
  } catch (error) {
    // The project's feature flags (validateAgainstDefaultRules) turn error annotations into a failed
    // synth: report the findings it lists as the errors.
    const lines = (error as Error).message.split('\n').filter((line) => line.includes('AwsSolutions-'));
    return { errors: lines.length > 0 ? lines : [(error as Error).message], warnings: [], suppressions: [] };
  }
  const template = Template.fromStack(stack);
  const suppressions = Object.entries(template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress?: Suppression[] } } }>).flatMap(
    ([id, resource]) => (resource.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource: id, ...rule })),
  );
  const findings = (kind: 'findError' | 'findWarning') =>
    annotations[kind]('*', Match.stringLikeRegexp('AwsSolutions-.*')).map((m) => `${m.id}: ${String(m.entry.data).split('\n')[0]}`);
  return { errors: findings('findError'), warnings: findings('findWarning'), suppressions };
}

describe.each([
  ['a production county on its own domain', () => demoStack({ county: { ...demoCounty(), site: CUSTOM_DOMAIN } })],
  ['a throw-away county on the CloudFront domain', () => demoStack({ countyId: 'trial', production: false })],
  ['demo-cn, a production county in the AWS China regions', () => demoStack({ countyId: 'demo-cn', county: loadCountyFile('demo-cn') })],
])('cdk-nag AwsSolutions on %s', (_name, build) => {
  let result: ReturnType<typeof checked>;

  beforeAll(() => {
    // Arrange + Act: one synth under the rule pack for every test below.
    result = checked(build());
  });

  it('leaves no error unsuppressed', () => {
    expect(result.errors).toEqual([]);
  });

  it('leaves no warning unsuppressed', () => {
    expect(result.warnings).toEqual([]);
  });

  it('justifies every suppression in one line', () => {
    expect(result.suppressions.length).toBeGreaterThan(0);
    for (const s of result.suppressions) {
      expect(s.reason, `${s.resource} ${s.id}`).toMatch(/^[^\n]{20,200}$/);
    }
  });

  it('suppresses only the rules documented in docs/deploy.md', () => {
    const ids = new Set(result.suppressions.map((s) => s.id));
    expect([...ids].filter((id) => !DOCUMENTED.includes(id))).toEqual([]);
  });
});

/** The rules the stack suppresses, each explained where it is suppressed and in docs/deploy.md. */
const DOCUMENTED = [
  'AwsSolutions-APIG4',
  'AwsSolutions-CFR1',
  'AwsSolutions-CFR2',
  'AwsSolutions-CFR3',
  'AwsSolutions-CFR4',
  'AwsSolutions-CFR7',
  'AwsSolutions-IAM4',
  'AwsSolutions-IAM5',
  'AwsSolutions-L1',
  'AwsSolutions-S1',
  'AwsSolutions-SMG4',
  'AwsSolutions-SQS3',
];
