/**
 * The photos bucket for the functions that use it (api: form uploads and signed URLs; admin: the
 * officer page's photos; photos: processing). One S3 client per process; none without a bucket.
 */
import type { RuntimeSettings } from './base.ts';
import { createS3Client, S3PhotoStorage } from '../store/photos.ts';

export function photoStorage(settings: Pick<RuntimeSettings, 'photos'>): S3PhotoStorage | undefined {
  return settings.photos && new S3PhotoStorage({ client: createS3Client(settings.photos.endpoint), bucket: settings.photos.bucket });
}
