/**
 * The deploy-time roster seed (infra/handlers/roster-sync.ts) on DynamoDB Local: the county file
 * seeds an empty table and replaces a roster the last deploy wrote, but a deploy never overwrites
 * what bureau staff edited in the console.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { County } from '../../functions/domain/county.ts';
import { editRoster } from '../../functions/domain/roster-edit.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { DynamoRosterStore } from '../../functions/store/roster.ts';
import { PROJECT_ROOT } from '../../infra/project.ts';
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

/** The county with 南坡村 added to the first office, and a new office with 北岭村 under a new officer 李强. */
function withNewVillages(county: County): County {
  const [station, ...stations] = county.stations;
  const [office, ...offices] = station!.offices;
  const template = office!.villages[0]!;
  const nanpo = { ...template, id: 'nanpo', name: '南坡村', informants: [], defenceContacts: [], assistant: { name: '南坡助理', phone: '+8613900009101' } };
  const beiling = { ...template, id: 'beiling', name: '北岭村', officerId: 'li-qiang', informants: [], defenceContacts: [], assistant: { name: '北岭助理', phone: '+8613900009102' } };
  return {
    ...county,
    officers: [...county.officers, { ...county.officers[0]!, id: 'li-qiang', name: '李强', phone: '+8613800009102' }],
    stations: [
      { ...station!, offices: [{ ...office!, villages: [...office!.villages, nanpo] }, ...offices, { ...office!, id: 'beiling-office', name: '北岭中心', villages: [beiling] }] },
      ...stations,
    ],
  };
}

/** The county without one village. */
function withoutVillage(county: County, id: string): County {
  return { ...county, stations: county.stations.map((st) => ({ ...st, offices: st.offices.map((o) => ({ ...o, villages: o.villages.filter((v) => v.id !== id) })) })) };
}

describe('syncRoster', () => {
  it('seeds an empty table with the county file, saved by the deploy', async () => {
    const outcome = await syncRoster(client, table, demoCounty);

    expect(outcome).toMatchObject({ action: 'seed', version: 1, fileRosterIgnored: false });
    expect(await roster.current(demoCounty.code)).toEqual({ version: 1, source: 'deploy' });
    expect(await roster.deployedIds(demoCounty.code)).toContain('village:dongshan');
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
    expect(await roster.current(demoCounty.code)).toEqual({ version: 3, source: 'console' });
  });

  it('keeps the console’s edits on every later deploy, not only the first after them', async () => {
    // Arrange: deployed, edited in the console, deployed again (merged).
    await syncRoster(client, table, demoCounty);
    const edited = editRoster(demoCounty, { target: 'village', id: 'dongshan', assistant: { name: '新助理', phone: '+8613900009998' } });
    await roster.saveCounty(edited);
    await syncRoster(client, table, changedFile());

    // Act: one more deploy of the same file.
    const outcome = await syncRoster(client, table, changedFile());

    // Assert
    expect(outcome).toMatchObject({ action: 'merge', fileRosterIgnored: true });
    expect((await roster.loadCounty(demoCounty.code))!.stations).toEqual(edited.stations);
  });

  it('adds the village, office and officer the county file adds after the console edited the roster, beside the console’s edits', async () => {
    // Arrange: deployed, then the bureau gives 东山村 a new assistant in the console.
    await syncRoster(client, table, demoCounty);
    const edited = editRoster(demoCounty, { target: 'village', id: 'dongshan', assistant: { name: '新助理', phone: '+8613900009998' } });
    await roster.saveCounty(edited);

    // Act: the next deploy's file adds 南坡村 to 东山 office and a new office with 北岭村 under a new officer.
    const outcome = await syncRoster(client, table, withNewVillages(demoCounty));

    // Assert
    const after = (await roster.loadCounty(demoCounty.code))!;
    const villages = after.stations.flatMap((st) => st.offices.flatMap((o) => o.villages));
    expect(outcome).toMatchObject({ action: 'merge', added: { stations: [], offices: ['beiling-office'], villages: ['nanpo', 'beiling'], officers: ['li-qiang'] }, fileRosterIgnored: true });
    expect(villages.find((v) => v.id === 'dongshan')?.assistant.name).toBe('新助理');
    expect(after.stations[0]!.offices[0]!.villages.at(-1)?.id).toBe('nanpo');
    expect(after.stations[0]!.offices.at(-1)?.villages.map((v) => v.id)).toEqual(['beiling']);
    expect(after.officers.map((o) => o.id)).toContain('li-qiang');
  });

  it('does not bring back a village the console removed, which the county file still lists', async () => {
    // Arrange: deployed, then an import in the console drops 东山村's neighbour 西山村.
    await syncRoster(client, table, demoCounty);
    const withoutXishan = withoutVillage(demoCounty, 'xishan');
    await roster.saveCounty(withoutXishan);

    // Act
    const outcome = await syncRoster(client, table, demoCounty);

    // Assert
    const villages = (await roster.loadCounty(demoCounty.code))!.stations.flatMap((st) => st.offices.flatMap((o) => o.villages.map((v) => v.id)));
    expect(outcome).toMatchObject({ action: 'merge', added: { villages: [] }, fileRosterIgnored: true });
    expect(villages).not.toContain('xishan');
  });

  it('adds nothing to a console roster when no deploy recorded the file it synchronised (a table from before)', async () => {
    // Arrange: a console roster, and no record of a deployed file.
    await roster.saveCounty(demoCounty);

    // Act
    const outcome = await syncRoster(client, table, withNewVillages(demoCounty));

    // Assert
    expect(outcome).toMatchObject({ action: 'merge', added: { villages: [], offices: [], officers: [] }, fileRosterIgnored: true });
    expect(await roster.deployedIds(demoCounty.code)).toContain('village:nanpo');
  });

  it('says nothing was ignored when the file agrees with the console on people and villages', async () => {
    await syncRoster(client, table, demoCounty);
    await roster.saveCounty(demoCounty);

    const outcome = await syncRoster(client, table, { ...demoCounty, reopenDays: 7 });

    expect(outcome).toMatchObject({ action: 'merge', fileRosterIgnored: false });
    expect((await roster.loadCounty(demoCounty.code))!.reopenDays).toBe(7);
  });
});

describe('npm run roster:preview', () => {
  it('prints what a deploy of the county file would add and keep, and changes nothing', async () => {
    // Arrange: the last deploy had no 南湾村; since then the console gave 东山村 a new assistant.
    await syncRoster(client, table, withoutVillage(demoCounty, 'nanwan'));
    const edited = editRoster(withoutVillage(demoCounty, 'nanwan'), { target: 'village', id: 'dongshan', assistant: { name: '新助理', phone: '+8613900009998' } });
    await roster.saveCounty(edited);
    const before = await roster.current(demoCounty.code);

    // Act
    const run = spawnSync(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', '--import', './scripts/jsx-loader.ts', 'scripts/roster-preview.ts', 'demo', '--table', table, '--endpoint', inject('dynamodbEndpoint')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_REGION: 'local', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
    });

    // Assert
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('edited or imported in the console since the last deploy');
    expect(run.stdout).toContain('adds from the file: village nanwan');
    expect(run.stdout).toContain('village dongshan: different in the file: the roster’s is kept');
    expect(await roster.current(demoCounty.code)).toEqual(before);
  });
});
