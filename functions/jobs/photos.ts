/**
 * The photos job: the photos bucket's "object created" events under `incoming/` (S3 event
 * notifications in AWS; the local S3 server's events on one machine) → processPhoto for each object:
 * re-encoded without metadata, previewed, attached to its case, original deleted.
 * A failure is thrown, so S3's asynchronous invocation retries it (twice) and the original, still
 * in `incoming/`, is processed again; the bucket's lifecycle rule removes what never gets through.
 */
import type { S3Event } from 'aws-lambda';
import { processPhoto, type PhotoDeps } from '../domain/photos.ts';
import { sharpEncoder } from '../photos/sharp-encoder.ts';
import { required, type BaseRuntime } from '../runtime/base.ts';
import { photoStorage } from '../runtime/photo-storage.ts';

export function createPhotosHandler(deps: PhotoDeps, logger: Pick<BaseRuntime['logger'], 'info' | 'warn'>) {
  return async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      // Object keys arrive URL-encoded, spaces as '+'.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const outcome = await processPhoto(deps, key);
      if ('attached' in outcome) logger.info('photo attached', { key, photo: outcome.attached, originalBytes: outcome.before, storedBytes: outcome.after });
      else if ('refused' in outcome) logger.warn('photo refused', { key, reason: outcome.refused });
      else logger.info('photo event ignored', { key, why: outcome.ignored });
    }
  };
}

/** The photos function as its runtime wires it: the cases table and the bucket, nothing else. */
export function photosHandler(runtime: BaseRuntime) {
  const storage = required(photoStorage(runtime.settings), 'PHOTOS_BUCKET');
  return createPhotosHandler({ cases: runtime.cases, storage, encoder: sharpEncoder, clock: runtime.clock }, runtime.logger);
}
