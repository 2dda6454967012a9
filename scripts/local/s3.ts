/**
 * The local photos bucket: s3rver, an S3-compatible server in this process, its objects under
 * `{dataDir}/s3` (kept across restarts), used through @aws-sdk/client-s3 like S3 itself. Its
 * "object created" events under `incoming/` go to the photos handler, as S3 event notifications
 * invoke the photos function in AWS. The bucket lets the site's pages POST uploads to it (CORS).
 */
import { mkdirSync } from 'node:fs';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import { INCOMING_PREFIX } from '../../functions/domain/photos.ts';

export const LOCAL_PHOTOS_BUCKET = 'cunjing-local-photos';

const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** Sends each "object created" event under `incoming/` to `handler`, one at a time. */
  onUpload(handler: (event: S3Event) => Promise<void>, log: (line: string) => void): void;
  /** Resolves once every upload event so far has been handled. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalS3(options: { port: number; directory: string }): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({ port: options.port, address: '127.0.0.1', silent: true, directory: options.directory, configureBuckets: [{ name: LOCAL_PHOTOS_BUCKET, configs: [CORS] }] });
  const { port } = await server.run();
  let queue: Promise<void> = Promise.resolve();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: LOCAL_PHOTOS_BUCKET,
    onUpload(handler, log) {
      server.on('event', (event) => {
        const created = event.Records.filter((r) => r.eventName.startsWith('ObjectCreated') && r.s3.object.key.startsWith(INCOMING_PREFIX));
        if (created.length === 0) return;
        queue = queue.then(() => handler({ Records: created }).catch((error) => log(`photo processing failed: ${(error as Error).message}`)));
      });
    },
    settled: () => queue,
    stop: () => server.close(),
  };
}
