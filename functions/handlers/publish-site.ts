/**
 * Lambda entry of the site publisher (functions/jobs/publish-site.ts): the roster table's stream
 * and, once after every deploy, CloudFormation. It reads the roster table and writes the site bucket.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv, requireEnv } from '../config.ts';
import { createSitePublisher, publishSiteHandler } from '../jobs/publish-site.ts';
import { createDocumentClient } from '../store/client.ts';
import { DynamoRosterStore } from '../store/roster.ts';
import { S3SiteFiles } from '../store/site-bucket.ts';
import { ROSTER_TABLE } from '../store/tables.ts';

const logger = new Logger({ serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'cunjing-publish-site' });

export const handler = publishSiteHandler(
  createSitePublisher({
    roster: new DynamoRosterStore({ client: createDocumentClient(), tableName: requireEnv(ROSTER_TABLE.envVar) }),
    countyCode: requireEnv('COUNTY_CODE'),
    files: new S3SiteFiles({ client: new S3Client({}), bucket: requireEnv('SITE_BUCKET'), directoryKeys: optionalEnv('SITE_DIRECTORY_KEYS') === '1' }),
    publicUrl: optionalEnv('PUBLIC_URL'),
    logger,
  }),
  { fetch, logger },
);
