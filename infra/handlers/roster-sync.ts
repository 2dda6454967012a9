/**
 * The roster seed's logic (the entry point, seed-roster.ts, only wires it). A deploy-time custom
 * resource (CloudFormation invokes it, not users) that loads the county file the stack was built
 * from into the roster table. The handlers read the roster from the table
 * (functions/store/roster.ts), so without this a fresh deployment would know no village.
 *
 * The county file never travels in the template: the stack uploads it as a file asset (the CDK
 * bootstrap bucket, encrypted at rest and private to the account) and passes only its bucket and
 * key; this function alone may read that one object. A changed county file is a new asset key, so
 * CloudFormation calls Update.
 *
 * Create and Update save a roster version and make it current in one conditional write (the
 * store's versioning): readers see the old roster or the new one, never a mix. What is saved follows
 * functions/domain/roster-seed.ts: the file seeds an empty table and replaces a roster the last
 * deploy wrote, but never overwrites what bureau staff edited or imported in the console since
 * (settings come from the file, people and villages stay). Delete does nothing: the roster stays
 * with the (retained) table.
 *
 * It answers CloudFormation itself, always (functions/runtime/cfn-response.ts).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import { planRosterSeed, rosterIds, type RosterAdditions, type RosterSeedPlan } from '../../functions/domain/roster-seed.ts';
import { DynamoRosterStore, countyToItems } from '../../functions/store/roster.ts';
import { answerCloudFormation } from '../../functions/runtime/cfn-response.ts';

/** The custom resource's properties (CloudFormation passes every value as a string). */
export interface SeedRosterProperties extends Record<string, unknown> {
  /** Bucket of the county file asset. */
  readonly RosterBucket: string;
  /** Key of the county file asset (its content hash: a changed file is a new key). */
  readonly RosterKey: string;
}

export interface SyncOutcome {
  readonly action: RosterSeedPlan['action'];
  /** The roster version now current. */
  readonly version: number;
  readonly items: number;
  readonly added: RosterAdditions;
  readonly fileRosterIgnored: boolean;
}

/** What a deploy of `file` would do to the roster in the table, without saving anything (`npm run roster:preview`). */
export async function planRosterSync(store: DynamoRosterStore, file: County): Promise<RosterSeedPlan> {
  const current = await store.current(file.code);
  const county = current && (await store.loadCounty(file.code, current.version));
  const deployedIds = current && (await store.deployedIds(file.code));
  return planRosterSeed(file, current && county ? { source: current.source, county, deployedIds } : undefined);
}

/**
 * Saves the county file into the roster table as functions/domain/roster-seed.ts says, then records
 * the file's ids as the next deploy's base.
 */
export async function syncRoster(client: DynamoDBDocumentClient, tableName: string, file: County): Promise<SyncOutcome> {
  const store = new DynamoRosterStore({ client, tableName });
  const plan = await planRosterSync(store, file);
  const version = await store.saveCounty(plan.county, plan.source);
  await store.saveDeployedIds(file.code, rosterIds(file));
  return { action: plan.action, version, items: countyToItems(plan.county).length, added: plan.added, fileRosterIgnored: plan.fileRosterIgnored };
}

/** Reads and validates the county file asset. */
export async function readCountyAsset(s3: Pick<S3Client, 'send'>, bucket: string, key: string): Promise<County> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = await out.Body?.transformToString('utf8');
  if (!text) throw new Error(`The county file asset s3://${bucket}/${key} is empty`);
  return parseCounty(JSON.parse(text), 'the county file asset of the stack');
}

export interface SeedRosterDeps {
  readonly client: DynamoDBDocumentClient;
  readonly s3: Pick<S3Client, 'send'>;
  readonly tableName: string;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Sends the answer to CloudFormation. */
  readonly fetch: typeof fetch;
}

export function createSeedRosterHandler(deps: SeedRosterDeps) {
  return (event: CloudFormationCustomResourceEvent<SeedRosterProperties, SeedRosterProperties>, context: Pick<Context, 'logStreamName'>): Promise<void> =>
    answerCloudFormation(event, context, { ...deps, physicalIdPrefix: 'roster' }, async ({ RosterBucket, RosterKey }) => {
      const county = await readCountyAsset(deps.s3, RosterBucket, RosterKey);
      const outcome = await syncRoster(deps.client, deps.tableName, county);
      deps.logger.info('roster synchronised with the county file', { county: county.code, ...outcome });
      if (outcome.fileRosterIgnored) {
        deps.logger.warn('the roster was edited in the console since the last deploy: its stations, villages and officers were kept and what the county file adds since the last deploy was added, but the file\'s other differences were not applied (npm run roster:preview shows them; export the roster CSV into the county file, or import the file in the console)', { county: county.code, added: outcome.added });
      }
      return { Action: outcome.action, Version: String(outcome.version), Items: String(outcome.items) };
    });
}
