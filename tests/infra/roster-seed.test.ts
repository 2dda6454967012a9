/**
 * The deploy-time roster seed (infra/handlers/roster-sync.ts): reads the county file asset, saves it
 * as the current roster version, and always answers CloudFormation. What it saves against earlier
 * versions and console edits: tests/integration/roster-seed.test.ts.
 */
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countyToItems } from '../../functions/store/roster.ts';
import { createSeedRosterHandler, syncRoster, type SeedRosterProperties } from '../../infra/handlers/roster-sync.ts';
import { demoCounty } from './support.ts';
import { answerCatcher, customResourceEvent } from '../support/custom-resource.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const TABLE = 'cunjing-demo-roster';
const ASSET = { RosterBucket: 'cdk-hnb659fds-assets-123456789012-ap-east-1', RosterKey: '0123abcd.json' };

/** The asset's object as S3 answers it. */
const assetBody = (county: unknown) => ({ Body: { transformToString: async () => JSON.stringify(county) } }) as never;

beforeEach(() => {
  dynamo.reset();
  s3Mock.reset();
});
afterAll(() => {
  dynamo.restore();
  s3Mock.restore();
});

type Request = { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } };
const requests = () =>
  dynamo.commandCalls(BatchWriteCommand).flatMap((call) => (call.args[0].input.RequestItems?.[TABLE] ?? []) as Request[]);

describe('syncRoster', () => {
  it('saves every roster item of the county as a new version, 25 at most per batch, then makes it current', async () => {
    // Arrange: version 3 is current.
    const county = demoCounty();
    dynamo.on(GetCommand).resolves({ Item: { pk: `COUNTY#${county.code}`, sk: 'CURRENT', version: 3, source: 'deploy' } });
    dynamo.on(QueryCommand).resolves({ Items: countyToItems(county) });
    dynamo.on(BatchWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    // Act
    const outcome = await syncRoster(client, TABLE, county);

    // Assert
    const items = countyToItems(county);
    expect(outcome).toEqual({ action: 'replace', version: 4, items: items.length, added: { stations: [], offices: [], villages: [], officers: [] }, fileRosterIgnored: false });
    expect(requests().map((r) => r.PutRequest?.Item.sk)).toEqual(items.map((i) => i.sk));
    expect(new Set(requests().map((r) => r.PutRequest?.Item.pk))).toEqual(new Set([`COUNTY#${county.code}#v4`]));
    expect(dynamo.commandCalls(BatchWriteCommand).every((c) => (c.args[0].input.RequestItems?.[TABLE]?.length ?? 0) <= 25)).toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ pk: `COUNTY#${county.code}`, sk: 'CURRENT', version: 4, source: 'deploy' });
    expect(dynamo.commandCalls(PutCommand)[1]!.args[0].input.Item).toMatchObject({ pk: `COUNTY#${county.code}`, sk: 'DEPLOYED', ids: expect.arrayContaining(['village:dongshan', 'officer:wang-jun']) });
  });

  it('starts at version 1 in an empty table', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(BatchWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    expect((await syncRoster(client, TABLE, demoCounty())).version).toBe(1);
  });
});

describe('the seed custom resource handler', () => {
  const roster = { logicalId: 'RosterSeedRoster', physicalId: 'roster-RosterSeedRoster', properties: ASSET, oldProperties: ASSET };
  const event = (type: 'Create' | 'Update' | 'Delete') => customResourceEvent<SeedRosterProperties>(type, roster);

  function arrange() {
    const { fetch, fetchFn, answer } = answerCatcher();
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const handler = createSeedRosterHandler({ client, s3, tableName: TABLE, logger, fetch: fetchFn });
    return { handler, fetch, answer };
  }

  it('answers SUCCESS with a stable physical id after writing the roster read from the county file asset on create', async () => {
    s3Mock.on(GetObjectCommand).resolves(assetBody(demoCounty()));
    dynamo.on(GetCommand).resolves({});
    dynamo.on(BatchWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    const { handler, fetch, answer } = arrange();

    await handler(event('Create'), { logStreamName: 'stream' });

    expect(fetch).toHaveBeenCalledWith(event('Create').ResponseURL, expect.objectContaining({ method: 'PUT' }));
    expect(answer()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'roster-RosterSeedRoster', RequestId: 'r-1', LogicalResourceId: 'RosterSeedRoster' });
    expect(requests().length).toBe(countyToItems(demoCounty()).length);
    expect(s3Mock).toReceiveCommandWith(GetObjectCommand, { Bucket: ASSET.RosterBucket, Key: ASSET.RosterKey });
    expect(answer()).toMatchObject({ Data: { Action: 'seed', Version: '1' } });
  });

  it('answers FAILED, with the reason, when the county is invalid, instead of leaving the stack waiting', async () => {
    const { handler, answer } = arrange();

    s3Mock.on(GetObjectCommand).resolves(assetBody({ code: 'x' }));

    await handler(event('Create'), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/not a valid county file/) });
  });

  it('leaves the roster alone on delete (it stays with the retained table)', async () => {
    const { handler, answer } = arrange();

    await handler(event('Delete'), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'roster-RosterSeedRoster' });
    expect(dynamo.calls()).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(0);
  });
});
