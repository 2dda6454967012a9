/**
 * The photos bucket through @aws-sdk/client-s3: S3 in AWS, a local S3-compatible server (s3rver) on
 * one machine (`endpoint`, path-style addressing). Presigned POSTs carry a policy that allows one
 * key, one content type and at most the given size; signed GET URLs show a photo for a few minutes.
 */
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PhotoStorage, PhotoType } from '../domain/photos.ts';

/** How long a presigned upload stays usable. */
export const UPLOAD_SECONDS = 600;

export function createS3Client(endpoint?: string): S3Client {
  return new S3Client({
    ...(endpoint && {
      endpoint,
      forcePathStyle: true,
      region: process.env.AWS_REGION ?? 'local',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
  });
}

export class S3PhotoStorage implements PhotoStorage {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(options: { client: S3Client; bucket: string }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }

  async presignUpload(key: string, contentType: PhotoType, maxBytes: number): Promise<{ url: string; fields: Record<string, string> }> {
    return createPresignedPost(this.#client, {
      Bucket: this.#bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: UPLOAD_SECONDS,
    });
  }

  signedUrl(key: string, seconds: number): Promise<string> {
    return getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: key }), { expiresIn: seconds });
  }
}
