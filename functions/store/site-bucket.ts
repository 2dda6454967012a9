/**
 * The public site's bucket through @aws-sdk/client-s3, as the site publisher writes it: each page
 * with the content type and the cache lifetime the deploy gives every file (5 minutes, so a
 * published page reaches residents within 5 minutes without a CloudFront invalidation). On the
 * China site (`directoryKeys`), whose CloudFront runs no function to map `/v/dongshan/` to its
 * `index.html`, each page is also written under its directory keys, as the deploy writes them
 * (infra/handlers/site-index.ts).
 */
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteFileStore } from '../jobs/publish-site.ts';
import { indexKeysOf } from '../ui/site-keys.ts';
import type { SiteFile } from '../ui/site-pages.ts';

/** How long browsers and CloudFront keep a site file: the deploy's (infra/constructs/site.ts, STATIC_MAX_AGE) and the publisher's. */
export const SITE_MAX_AGE_SECONDS = 300;

/** What the deploy sets on every file, and so the publisher on every page it writes. */
export const SITE_CACHE_CONTROL = `public, max-age=${SITE_MAX_AGE_SECONDS}`;

/** DeleteObjects takes at most this many keys a call. */
const DELETE_BATCH = 1000;

export class S3SiteFiles implements SiteFileStore {
  readonly #client: S3Client;
  readonly #bucket: string;

  readonly #directoryKeys: boolean;

  constructor(options: { client: S3Client; bucket: string; /** @default false */ directoryKeys?: boolean }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#directoryKeys = options.directoryKeys ?? false;
  }

  async put(file: SiteFile): Promise<void> {
    const keys = [file.path, ...(this.#directoryKeys ? indexKeysOf(file.path) : [])];
    await Promise.all(
      keys.map((Key) => this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key, Body: file.body, ContentType: file.contentType, CacheControl: SITE_CACHE_CONTROL }))),
    );
  }

  async list(prefixes: readonly string[]): Promise<string[]> {
    const keys: string[] = [];
    for (const prefix of prefixes) {
      let token: string | undefined;
      do {
        const out = await this.#client.send(new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: prefix, ...(token && { ContinuationToken: token }) }));
        keys.push(...(out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
    }
    return keys;
  }

  async delete(paths: readonly string[]): Promise<void> {
    for (let i = 0; i < paths.length; i += DELETE_BATCH) {
      const out = await this.#client.send(
        new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Objects: paths.slice(i, i + DELETE_BATCH).map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0) throw new Error(`S3 kept ${failed.length} site files: ${failed.map((e) => `${e.Key} (${e.Code})`).join(', ')}`);
    }
  }
}
