/**
 * Lambda entry of the China site's directory keys custom resource (see site-index.ts): wired once per cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { createSiteIndexKeysHandler } from './site-index.ts';

export const handler = createSiteIndexKeysHandler({
  s3: new S3Client({}),
  logger: new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cunjing-site-index-keys' }),
  fetch,
});
