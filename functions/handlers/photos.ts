/**
 * The photos function: the photos bucket's "object created" events under `incoming/` (S3 event
 * notifications in AWS; the local S3 server's events on one machine) → processPhoto for each object:
 * re-encoded without metadata, previewed, attached to its case, original deleted.
 * A failure is thrown, so S3's asynchronous invocation retries it (twice) and the original, still
 * in `incoming/`, is processed again; the bucket's lifecycle rule removes what never gets through.
 */
import type { S3Event } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { optionalEnv, requireEnv } from '../config.ts';
import { processPhoto } from '../domain/photos.ts';
import { OffsetClock, systemClock, type Clock } from '../domain/ports.ts';
import { sharpEncoder } from '../photos/sharp-encoder.ts';
import { DynamoCaseStore } from '../store/cases.ts';
import { createDocumentClient } from '../store/client.ts';
import { photoStorage } from './photo-storage.ts';
import { CASES_TABLE } from '../store/tables.ts';

const logger = new Logger({ serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'cunjing-photos' });
const clock: Clock = optionalEnv('CUNJING_DEV_CLOCK') === '1' ? new OffsetClock() : systemClock;
if (!photoStorage) throw new Error('Environment variable PHOTOS_BUCKET is not set: the stack (or the local runner) must provide it');
const deps = {
  cases: new DynamoCaseStore({ client: createDocumentClient(optionalEnv('DYNAMODB_ENDPOINT')), tableName: requireEnv(CASES_TABLE.envVar) }),
  storage: photoStorage,
  encoder: sharpEncoder,
  clock,
};

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    // Object keys arrive URL-encoded, spaces as '+'.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const outcome = await processPhoto(deps, key);
    if ('attached' in outcome) logger.info('photo attached', { key, photo: outcome.attached, originalBytes: outcome.before, storedBytes: outcome.after });
    else if ('refused' in outcome) logger.warn('photo refused', { key, reason: outcome.refused });
    else logger.info('photo event ignored', { key, why: outcome.ignored });
  }
};
