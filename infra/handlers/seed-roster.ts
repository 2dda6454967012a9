/**
 * Lambda entry of the roster seed custom resource (see roster-sync.ts and
 * infra/constructs/roster-seed.ts): wired once per cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from '../../functions/config.ts';
import { createDocumentClient } from '../../functions/store/client.ts';
import { ROSTER_TABLE } from '../../functions/store/tables.ts';
import { createSeedRosterHandler } from './roster-sync.ts';

export const handler = createSeedRosterHandler({
  client: createDocumentClient(),
  s3: new S3Client({}),
  tableName: requireEnv(ROSTER_TABLE.envVar),
  logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cunjing-seed-roster' }),
  fetch,
});
