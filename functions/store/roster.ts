/**
 * The roster table: a county's settings, stations, central offices, villages and officers as one
 * item each under the partition of a roster version, so the whole roster loads with one Query and
 * a new version (an import, an edit) replaces the old one at once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { parseCounty, type County } from '../domain/county.ts';
import type { RosterStore } from '../domain/ports.ts';
import type { RosterSource } from '../domain/roster-seed.ts';
import { queryItems, TableStore } from './client.ts';
import { keys, ROSTER_CURRENT_SK } from './tables.ts';

type Item = Record<string, NativeAttributeValue>;

/** Splits a county into roster items. */
export function countyToItems(county: County): Item[] {
  const pk = keys.county(county.code);
  const { officers, stations, ...settings } = county;
  const items: Item[] = [{ pk, sk: 'SETTINGS', ...settings }];
  for (const officer of officers) items.push({ pk, sk: `OFFICER#${officer.id}`, ...officer });
  stations.forEach((station, stationOrder) => {
    const { offices, ...stationFields } = station;
    items.push({ pk, sk: `STATION#${station.id}`, order: stationOrder, ...stationFields });
    offices.forEach((office, officeOrder) => {
      const { villages, ...officeFields } = office;
      items.push({ pk, sk: `OFFICE#${office.id}`, order: officeOrder, stationId: station.id, ...officeFields });
      villages.forEach((village, villageOrder) => {
        items.push({ pk, sk: `VILLAGE#${village.id}`, order: villageOrder, officeId: office.id, ...village });
      });
    });
  });
  return items;
}

/** Reassembles (and re-validates) a county from its roster items. */
export function itemsToCounty(items: Item[]): County | undefined {
  const strip = ({ pk: _pk, sk: _sk, order: _order, stationId: _s, officeId: _o, ...rest }: Item) => rest;
  const byOrder = (a: Item, b: Item) => Number(a.order) - Number(b.order);
  const settings = items.find((i) => i.sk === 'SETTINGS');
  if (!settings) return undefined;
  const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).sort(byOrder);
  const villages = of('VILLAGE#');
  const offices = of('OFFICE#');
  const county = {
    ...strip(settings),
    officers: of('OFFICER#').map(strip),
    stations: of('STATION#').map((station) => ({
      ...strip(station),
      offices: offices
        .filter((office) => office.stationId === station.id)
        .map((office) => ({ ...strip(office), villages: villages.filter((v) => v.officeId === office.id).map(strip) })),
    })),
  };
  return parseCounty(county, `roster of ${String(settings.code)}`);
}

export class DynamoRosterStore extends TableStore implements RosterStore {
  /**
   * The roster is versioned: every save writes a whole new version beside the old one, then moves
   * the county's CURRENT pointer to it in one conditional write. A reader sees the old roster or
   * the new one, never half of each, however large the county; an import is all-or-nothing.
   */
  async currentVersion(countyCode: string): Promise<number | undefined> {
    return (await this.current(countyCode))?.version;
  }

  /** The county's current roster version and who saved it (`deploy` or `console`); none in an empty table. */
  async current(countyCode: string): Promise<{ version: number; source: RosterSource } | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: keys.county(countyCode), sk: ROSTER_CURRENT_SK }, ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { version: Number(out.Item.version), source: out.Item.source === 'deploy' ? 'deploy' : 'console' };
  }

  /**
   * The ids (`village:dongshan`, `officer:wang-jun`, ...) of the county file the last deploy
   * synchronised: the base a deploy's merge tells a village the file added from one the console
   * removed by (functions/domain/roster-seed.ts). None in a table no deploy has recorded them in.
   */
  async deployedIds(countyCode: string): Promise<ReadonlySet<string> | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: keys.county(countyCode), sk: 'DEPLOYED' }, ConsistentRead: true }));
    return out.Item ? new Set(out.Item.ids as string[]) : undefined;
  }

  /** Records the ids of the county file a deploy has just synchronised. */
  async saveDeployedIds(countyCode: string, ids: ReadonlySet<string>): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: { pk: keys.county(countyCode), sk: 'DEPLOYED', ids: [...ids].sort(), savedAt: new Date().toISOString() } }));
  }

  async loadCounty(countyCode: string, at?: number): Promise<County | undefined> {
    const version = at ?? (await this.currentVersion(countyCode));
    if (version === undefined) return undefined;
    const items = await queryItems(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${keys.county(countyCode)}#v${version}` },
    });
    return itemsToCounty(items);
  }

  /**
   * Writes the county as a new roster version and makes it current; returns the version. `source`
   * says who saved it: the deploy-time seed (`deploy`) or anyone else (the console, an import).
   */
  async saveCounty(county: County, source: RosterSource = 'console'): Promise<number> {
    const previous = await this.currentVersion(county.code);
    const version = (previous ?? 0) + 1;
    const pk = `${keys.county(county.code)}#v${version}`;
    const items = countyToItems(county).map((item) => ({ ...item, pk }));
    for (let i = 0; i < items.length; i += 25) {
      let requests: { PutRequest: { Item: Item } }[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }));
        requests = (out.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      }
    }
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: keys.county(county.code), sk: ROSTER_CURRENT_SK, version, source, savedAt: new Date().toISOString() },
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :previous', ExpressionAttributeValues: { ':previous': previous } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError('the roster was changed by someone else meanwhile; load it again and retry');
      throw error;
    }
    return version;
  }
}
