/**
 * The deploy-time roster seed (infra/handlers/roster-sync.ts) on DynamoDB Local: the county file
 * seeds an empty table and replaces a roster the last deploy wrote, but a deploy never overwrites
 * what bureau staff edited in the console.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { County } from '../../functions/domain/county.ts';
import { editRoster } from '../../functions/domain/roster-edit.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { DynamoRosterStore } from '../../functions/store/roster.ts';
import { syncRoster } from '../../infra/handlers/roster-sync.ts';
import { ensureTables } from '../../scripts/local/tables.ts';
import { demoCounty } from '../support/env.ts';

const client = createDocumentClient(inject('dynamodbEndpoint'));
let table: string;
let roster: DynamoRosterStore;

beforeEach(async () => {
  const ddb = new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  table = (await ensureTables(ddb, `t${randomUUID().slice(0, 8)}`)).roster.name;
  ddb.destroy();
  roster = new DynamoRosterStore({ client, tableName: table });
});

/** A county as the roster table gives it back (officers ordered by id). */
const asStored = (county: County) => ({ ...county, officers: county.officers.toSorted((a, b) => (a.id < b.id ? -1 : 1)) });

/** The demo county file with another SLA and officer 王军 on another phone. */
function changedFile(): County {
  return {
    ...demoCounty,
    sla: { ...demoCounty.sla, tip: demoCounty.sla.tip + 30 },
    officers: demoCounty.officers.map((o) => (o.id === 'wang-jun' ? { ...o, phone: '+8613800009001' } : o)),
  };
}

describe('syncRoster', () => {
  it('seeds an empty table with the county file, saved by the deploy', async () => {
    const outcome = await syncRoster(client, table, demoCounty);

    expect(outcome).toMatchObject({ action: 'seed', version: 1, fileRosterIgnored: false });
    expect(await roster.current(demoCounty.code)).toEqual({ version: 1, source: 'deploy' });
    expect(await roster.loadCounty(demoCounty.code)).toEqual(asStored(demoCounty));
  });

  it('replaces a roster the last deploy wrote with the changed county file', async () => {
    await syncRoster(client, table, demoCounty);

    const outcome = await syncRoster(client, table, changedFile());

    expect(outcome).toMatchObject({ action: 'replace', version: 2 });
    expect(await roster.loadCounty(demoCounty.code)).toEqual(asStored(changedFile()));
  });

  it('keeps the villages and officers edited in the console and takes the settings from the file', async () => {
    // Arrange: deployed, then the bureau gives 东山村 a new assistant in the console.
    await syncRoster(client, table, demoCounty);
    const edited = editRoster(demoCounty, { target: 'village', id: 'dongshan', assistant: { name: '新助理', phone: '+8613900009998' } });
    await roster.saveCounty(edited);

    // Act: the next deploy brings a file with another SLA and another phone for 王军.
    const outcome = await syncRoster(client, table, changedFile());

    // Assert
    const after = (await roster.loadCounty(demoCounty.code))!;
    expect(outcome).toMatchObject({ action: 'merge', version: 3, fileRosterIgnored: true });
    expect(after.sla).toEqual(changedFile().sla);
    expect(after.stations).toEqual(edited.stations);
    expect(after.officers).toEqual(asStored(demoCounty).officers);
    expect(await roster.current(demoCounty.code)).toEqual({ version: 3, source: 'deploy' });
  });

  it('says nothing was ignored when the file agrees with the console on people and villages', async () => {
    await syncRoster(client, table, demoCounty);
    await roster.saveCounty(demoCounty);

    const outcome = await syncRoster(client, table, { ...demoCounty, reopenDays: 7 });

    expect(outcome).toMatchObject({ action: 'merge', fileRosterIgnored: false });
    expect((await roster.loadCounty(demoCounty.code))!.reopenDays).toBe(7);
  });
});
