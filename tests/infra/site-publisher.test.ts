/**
 * The site publisher in the county stack: it reads the roster table and writes the site bucket only,
 * runs on the roster table's stream filtered to the CURRENT pointer, and runs once after every deploy
 * of the site's files and the county file, after both, so a deploy never leaves the console's edits
 * overwritten. The China site's publisher writes the directory keys too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChinaSite } from '../../infra/constructs/china-site.ts';
import { Site } from '../../infra/constructs/site.ts';
import { loadCountyFile } from '../../infra/county-file.ts';
import type { CountyStack } from '../../infra/stack.ts';
import { VILLAGE_FOLDERS } from '../../functions/ui/site-keys.ts';
import { actionsOn, allActions, demoStack, logicalId, statementsOf, testSiteDir } from './support.ts';

type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DependsOn?: string[] }>;

describe.each([
  { county: 'demo', directoryKeys: false },
  { county: 'demo-cn', directoryKeys: true },
])('the site publisher of $county', ({ county, directoryKeys }) => {
  let stack: CountyStack;
  let template: Template;
  let resources: Resources;
  const fnId = () => logicalId(stack.publisher.handler.function);
  /** The BucketDeployment's own resource (Custom::CDKBucketDeployment). */
  const deploymentId = () => Object.keys(template.findResources('Custom::CDKBucketDeployment'))[0]!;
  const bucketId = () => stack.getLogicalId(stack.site.bucket.node.defaultChild as never);
  const tableId = () => stack.getLogicalId(stack.data.table({ name: 'roster' } as never).node.defaultChild as never);

  beforeAll(() => {
    stack = demoStack({ countyId: county, county: loadCountyFile(county), siteDir: testSiteDir() });
    template = Template.fromStack(stack);
    resources = template.toJSON().Resources as Resources;
  });

  it('is a function of the project with the roster table, the site bucket and the site’s address', () => {
    expect(stack.site).toBeInstanceOf(directoryKeys ? ChinaSite : Site);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('renders the public pages again from the roster'),
      Environment: {
        Variables: Match.objectLike({
          COUNTY_CODE: loadCountyFile(county).code,
          ROSTER_TABLE: { Ref: tableId() },
          PUBLIC_URL: Match.anyValue(),
          SITE_BUCKET: { Ref: bucketId() },
          ...(directoryKeys ? { SITE_DIRECTORY_KEYS: '1' } : {}),
        }),
      },
    });
    const variables = resources[fnId()]!.Properties!.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(variables)).not.toContain('CASES_TABLE');
    expect('SITE_DIRECTORY_KEYS' in variables).toBe(directoryKeys);
  });

  it('may read the roster table, put the site’s files, list them and delete only under the village folders, and nothing else', () => {
    const statements = statementsOf(template, stack.publisher.handler);

    expect([...actionsOn(statements, tableId())].some((a) => /Put|Update|Delete|Write/.test(a))).toBe(false);
    expect(actionsOn(statements, tableId())).toContain('dynamodb:Query');
    expect([...actionsOn(statements, bucketId())].sort()).toEqual(['s3:DeleteObject', 's3:ListBucket', 's3:PutObject']);
    const deletes = statements.find((s) => s.Action.includes('s3:DeleteObject'))!;
    expect(deletes.Resource.map((r) => JSON.stringify(r).replace(/^.*"\/(.*)"\]\]\}$/, '$1')).sort()).toEqual(VILLAGE_FOLDERS.map((folder) => `${folder}*`).sort());
    expect([...allActions(statements)].filter((a) => a.startsWith('s3:') || a.startsWith('dynamodb:')).some((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toBe(false);
  });

  it('runs on the roster table’s stream, filtered to the county’s CURRENT pointer', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' }, KeySchema: Match.arrayWith([{ AttributeName: 'pk', KeyType: 'HASH' }]) });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId() },
      EventSourceArn: { 'Fn::GetAtt': [tableId(), 'StreamArn'] },
      StartingPosition: 'LATEST',
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { sk: { S: ['CURRENT'] } } } }) }] },
    });
  });

  it('runs once after every deploy, after the site’s files (and the China site’s directory keys) and the roster seed, again whenever either changes', () => {
    const publish = stack.getLogicalId(stack.publisher.afterDeploy.node.defaultChild as never);
    const resource = resources[publish]!;

    expect(resource.Type).toBe('Custom::CunjingSitePublish');
    expect(resource.Properties!.ServiceToken).toEqual({ 'Fn::GetAtt': [fnId(), 'Arn'] });
    expect(JSON.stringify(resource.Properties!.SiteVersion)).toContain(deploymentId());
    expect(resource.Properties!.RosterKey).toBe(stack.rosterSeed.asset.s3ObjectKey);
    const dependsOn = resource.DependsOn ?? [];
    expect(dependsOn).toContain(stack.getLogicalId(stack.rosterSeed.resource.node.defaultChild as never));
    expect(dependsOn).toContain(deploymentId());
    if (stack.site instanceof ChinaSite) expect(dependsOn).toContain(stack.getLogicalId(stack.site.indexKeys.node.defaultChild as never));
  });
});
