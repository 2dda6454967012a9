/**
 * The deploy-time roster seed (infra/handlers/roster-sync.ts): saves the county file as the current
 * roster version, and always answers CloudFormation.
 */
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { countyToItems } from '../../functions/store/roster.ts';
import { createSeedRosterHandler, syncRoster, type SeedRosterProperties } from '../../infra/handlers/roster-sync.ts';
import { demoCounty } from './support.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const TABLE = 'cunjing-demo-roster';

beforeEach(() => dynamo.reset());
afterAll(() => dynamo.restore());

type Request = { PutRequest?: { Item: Record<string, unknown> }; DeleteRequest?: { Key: Record<string, unknown> } };
const requests = () =>
  dynamo.commandCalls(BatchWriteCommand).flatMap((call) => (call.args[0].input.RequestItems?.[TABLE] ?? []) as Request[]);

describe('syncRoster', () => {
  it('saves every roster item of the county as a new version, 25 at most per batch, then makes it current', async () => {
    // Arrange: version 3 is current.
    const county = demoCounty();
    dynamo.on(GetCommand).resolves({ Item: { pk: `COUNTY#${county.code}`, sk: 'CURRENT', version: 3 } });
    dynamo.on(BatchWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    // Act
    const outcome = await syncRoster(client, TABLE, county);

    // Assert
    const items = countyToItems(county);
    expect(outcome).toEqual({ version: 4, items: items.length });
    expect(requests().map((r) => r.PutRequest?.Item.sk)).toEqual(items.map((i) => i.sk));
    expect(new Set(requests().map((r) => r.PutRequest?.Item.pk))).toEqual(new Set([`COUNTY#${county.code}#v4`]));
    expect(dynamo.commandCalls(BatchWriteCommand).every((c) => (c.args[0].input.RequestItems?.[TABLE]?.length ?? 0) <= 25)).toBe(true);
    expect(dynamo.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ pk: `COUNTY#${county.code}`, sk: 'CURRENT', version: 4 });
  });

  it('starts at version 1 in an empty table', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(BatchWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    expect((await syncRoster(client, TABLE, demoCounty())).version).toBe(1);
  });
});

describe('the seed custom resource handler', () => {
  const event = (type: 'Create' | 'Update' | 'Delete', county: unknown = demoCounty()) =>
    ({
      RequestType: type,
      ResponseURL: 'https://cloudformation-custom-resource-response.example/presigned',
      StackId: 'arn:aws:cloudformation:ap-east-1:123456789012:stack/Cunjing-demo/x',
      RequestId: 'r-1',
      LogicalResourceId: 'RosterSeedRoster',
      ResourceType: 'Custom::CunjingRoster',
      ServiceToken: 'arn:aws:lambda:ap-east-1:123456789012:function:seed',
      ResourceProperties: { ServiceToken: 'x', County: JSON.stringify(county) },
      ...(type !== 'Create' && { PhysicalResourceId: 'roster-RosterSeedRoster', OldResourceProperties: { ServiceToken: 'x', County: JSON.stringify(county) } }),
    }) as unknown as CloudFormationCustomResourceEvent<SeedRosterProperties, SeedRosterProperties>;

  function arrange() {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 200 }));
    const logger = { info: vi.fn(), error: vi.fn() };
    const handler = createSeedRosterHandler({ client, tableName: TABLE, logger, fetch: fetch as unknown as typeof globalThis.fetch });
    const answer = () => JSON.parse(String(fetch.mock.calls[0]![1].body)) as Record<string, unknown>;
    return { handler, fetch, answer };
  }

  it('answers SUCCESS with a stable physical id after writing the roster on create', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(BatchWriteCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    const { handler, fetch, answer } = arrange();

    await handler(event('Create'), { logStreamName: 'stream' });

    expect(fetch).toHaveBeenCalledWith(event('Create').ResponseURL, expect.objectContaining({ method: 'PUT' }));
    expect(answer()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'roster-RosterSeedRoster', RequestId: 'r-1', LogicalResourceId: 'RosterSeedRoster' });
    expect(requests().length).toBeGreaterThan(0);
  });

  it('answers FAILED, with the reason, when the county is invalid, instead of leaving the stack waiting', async () => {
    const { handler, answer } = arrange();

    await handler(event('Create', { code: 'x' }), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/not a valid county file/) });
  });

  it('leaves the roster alone on delete (it stays with the retained table)', async () => {
    const { handler, answer } = arrange();

    await handler(event('Delete'), { logStreamName: 'stream' });

    expect(answer()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'roster-RosterSeedRoster' });
    expect(dynamo.calls()).toHaveLength(0);
  });
});
