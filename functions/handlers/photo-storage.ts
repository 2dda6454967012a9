/**
 * The photos bucket for the functions that use it (api: form uploads and signed URLs; admin: the
 * officer page's photos; photos: processing), from `PHOTOS_BUCKET` (and, on the local stack only,
 * `S3_ENDPOINT`, the local S3 server). One S3 client per cold start.
 */
import { optionalEnv } from '../config.ts';
import { createS3Client, S3PhotoStorage } from '../store/photos.ts';

const bucket = optionalEnv('PHOTOS_BUCKET');

export const photoStorage = bucket ? new S3PhotoStorage({ client: createS3Client(optionalEnv('S3_ENDPOINT')), bucket }) : undefined;
