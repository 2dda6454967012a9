/**
 * The roster table: a county's settings, stations, central offices, villages and officers as one
 * item each under the county's partition, so an admin edit touches one small item and the whole
 * roster still loads with one Query.
 */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { parseCounty, type County } from '../domain/county.ts';
import type { RosterStore } from '../domain/ports.ts';
import { keys } from './tables.ts';

type Item = Record<string, NativeAttributeValue>;

export interface DynamoRosterStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

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

export class DynamoRosterStore implements RosterStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoRosterStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async loadCounty(countyCode: string): Promise<County | undefined> {
    const items: Item[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const out = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.county(countyCode) },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return itemsToCounty(items);
  }

  /** Writes every roster item of the county (25 per batch, retrying what DynamoDB hands back). */
  async saveCounty(county: County): Promise<void> {
    const items = countyToItems(county);
    for (let i = 0; i < items.length; i += 25) {
      let requests: { PutRequest: { Item: Item } }[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const out = await this.#client.send(new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }));
        requests = (out.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
      }
    }
  }
}
