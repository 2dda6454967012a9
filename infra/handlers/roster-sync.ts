/**
 * The roster seed's logic (the entry point, seed-roster.ts, only wires it). A deploy-time custom
 * resource (CloudFormation invokes it, not users) that loads the county file the stack was built
 * from into the roster table. The handlers read the roster from the table
 * (functions/store/roster.ts), so without this a fresh deployment would know no village.
 *
 * Create and Update save the county as a new roster version and make it current in one conditional
 * write (the store's versioning): readers see the old roster or the new one, never a mix, and
 * villages removed from the file are gone with the old version. CloudFormation calls Update only
 * when the county file changed. Delete does nothing: the roster stays with the (retained) table.
 * The county file is the roster's source of truth at every deploy that changes it.
 *
 * It answers CloudFormation itself (a PUT to the pre-signed ResponseURL), so no provider framework
 * function is needed; it always answers, or the stack would wait an hour for it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { parseCounty, type County } from '../../functions/domain/county.ts';
import { DynamoRosterStore, countyToItems } from '../../functions/store/roster.ts';

/** The custom resource's properties (CloudFormation passes every value as a string). */
export interface SeedRosterProperties {
  /** The validated county file, as JSON. */
  readonly County: string;
}

export interface SyncOutcome {
  /** The roster version now current. */
  readonly version: number;
  readonly items: number;
}

/** Saves the county as the current roster version. */
export async function syncRoster(client: DynamoDBDocumentClient, tableName: string, county: County): Promise<SyncOutcome> {
  const version = await new DynamoRosterStore({ client, tableName }).saveCounty(county);
  return { version, items: countyToItems(county).length };
}

export interface SeedRosterDeps {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly logger: Pick<Logger, 'info' | 'error'>;
  /** Sends the answer to CloudFormation. */
  readonly fetch: typeof fetch;
}

export function createSeedRosterHandler(deps: SeedRosterDeps) {
  return async (event: CloudFormationCustomResourceEvent<SeedRosterProperties, SeedRosterProperties>, context: Pick<Context, 'logStreamName'>): Promise<void> => {
    let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
    let reason = `See CloudWatch log stream ${context.logStreamName}`;
    const physicalResourceId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : `roster-${event.LogicalResourceId}`;
    let data: Record<string, unknown> = {};
    try {
      if (event.RequestType !== 'Delete') {
        const county = parseCounty(JSON.parse(event.ResourceProperties.County), 'the county file in the stack');
        const outcome = await syncRoster(deps.client, deps.tableName, county);
        deps.logger.info('roster synchronised with the county file', { county: county.code, ...outcome });
        data = { ...outcome };
      }
    } catch (error) {
      status = 'FAILED';
      reason = `${(error as Error).message} (log stream ${context.logStreamName})`.slice(0, 1000);
      deps.logger.error('roster synchronisation failed', { error: error as Error });
    }
    const body = JSON.stringify({
      Status: status,
      Reason: reason,
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      Data: data,
    });
    // The URL is pre-signed for an empty content type.
    const response = await deps.fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
    if (!response.ok) throw new Error(`CloudFormation refused the answer: HTTP ${response.status}`);
  };
}
