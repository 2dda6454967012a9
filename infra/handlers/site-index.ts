/**
 * The China site's directory pages (infra/constructs/china-site.ts). CloudFront in the China regions
 * runs no functions, so nothing can turn `/report/` into `/report/index.html` on the way to S3. After
 * each deploy of the site's files, this deploy-time custom resource copies every `dir/index.html` to
 * the keys `dir/` and `dir` (same content and metadata), which is what the browser asks S3 for.
 * CloudFormation calls it again whenever the site's files change (their asset keys are among its
 * properties): the files deployment prunes keys that are not in the build, these among them.
 * The entry point, site-index-keys.ts, only wires it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { CopyObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { indexKeysOf } from '../../functions/ui/site-keys.ts';
import { answerCloudFormation, type CustomResourceLogger } from '../../functions/runtime/cfn-response.ts';

export interface SiteIndexKeysProperties extends Record<string, unknown> {
  readonly Bucket: string;
  /** The site's pages below the root, `dir/index.html` each. */
  readonly Pages: string[];
  /** The site files' asset keys: a new build is a new value, so CloudFormation calls Update. */
  readonly SiteVersion?: string;
}

export { indexKeysOf } from '../../functions/ui/site-keys.ts';

/** Copies every page to its directory keys, eight at a time; returns how many keys were written. */
export async function writeIndexKeys(s3: Pick<S3Client, 'send'>, bucket: string, pages: readonly string[]): Promise<number> {
  const copies = pages.flatMap((page) => indexKeysOf(page).map((key) => ({ page, key })));
  for (let i = 0; i < copies.length; i += 8) {
    await Promise.all(
      copies.slice(i, i + 8).map(({ page, key }) =>
        s3.send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${page.split('/').map(encodeURIComponent).join('/')}`, MetadataDirective: 'COPY' })),
      ),
    );
  }
  return copies.length;
}

export function createSiteIndexKeysHandler(deps: { readonly s3: Pick<S3Client, 'send'>; readonly logger: CustomResourceLogger & Pick<Logger, 'info'>; readonly fetch: typeof fetch }) {
  return (event: CloudFormationCustomResourceEvent<SiteIndexKeysProperties, SiteIndexKeysProperties>, context: Pick<Context, 'logStreamName'>): Promise<void> =>
    answerCloudFormation(event, context, { ...deps, physicalIdPrefix: 'site-index-keys' }, async ({ Bucket, Pages }) => {
      const keys = await writeIndexKeys(deps.s3, Bucket, Pages);
      deps.logger.info('directory keys written', { bucket: Bucket, keys });
      return { Keys: String(keys) };
    });
}
