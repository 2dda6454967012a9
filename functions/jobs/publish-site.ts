/**
 * The site publisher: when the roster changes, the static public pages that show it (home, village
 * pages, report forms, posters, QR codes; functions/ui/site-pages.ts) are rendered again by the same
 * components from the roster table's county and written where the site is served; the files of a
 * village the roster no longer has are deleted (its old poster's QR code then opens the site's 404
 * page, which links home and gives the emergency number). Residents get the console's names and
 * hours with no JavaScript and no extra bytes.
 *
 * It runs on every new roster version (the roster table's stream, filtered to the county's CURRENT
 * pointer: functions/store/stream-filter.ts, in AWS and on the local stack alike) and once after
 * every deploy (infra/constructs/site-publisher.ts), after the deploy has copied the build's pages.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent, Context, DynamoDBStreamEvent } from 'aws-lambda';
import pLimit from 'p-limit';
import { answerCloudFormation, type CustomResourceLogger } from '../runtime/cfn-response.ts';
import type { County } from '../domain/county.ts';
import type { RosterStore } from '../domain/ports.ts';
import { villageCards } from '../ui/roster.ts';
import { fileVillage, VILLAGE_FOLDERS } from '../ui/site-keys.ts';
import { siteFiles, type SiteFile } from '../ui/site-pages.ts';
import { sitePublicUrl } from '../ui/qr.ts';

/** Where the site's files are served from: the site bucket (S3) or the local stack's folder. */
export interface SiteFileStore {
  /** Writes the file, replacing what is there. */
  put(file: SiteFile): Promise<void>;
  /** The paths of the files under these prefixes. */
  list(prefixes: readonly string[]): Promise<string[]>;
  /** Deletes these files (a missing one is no error). */
  delete(paths: readonly string[]): Promise<void>;
}

/** Files written at once. */
const WRITES_AT_ONCE = 16;

export interface PublishResult {
  /** The roster version the pages were rendered from. */
  readonly version: number;
  readonly written: number;
  /** Files of villages the roster no longer has. */
  readonly deleted: readonly string[];
}

/**
 * Renders every roster page from `county` and writes it, then deletes the files of villages it does
 * not have (after the home page and pickers stopped linking them). `publicUrl`: what the posters'
 * QR codes point at, as the build's (sitePublicUrl).
 */
export async function publishCounty(county: County, store: SiteFileStore, publicUrl?: string): Promise<{ written: number; deleted: string[] }> {
  const files = await siteFiles(county, sitePublicUrl(county, publicUrl));
  const limit = pLimit(WRITES_AT_ONCE);
  await Promise.all(files.map((file) => limit(() => store.put(file))));
  const villages = new Set(villageCards(county).map((card) => card.id));
  const deleted = (await store.list(VILLAGE_FOLDERS)).filter((path) => {
    const village = fileVillage(path);
    return village !== undefined && !villages.has(village);
  });
  if (deleted.length > 0) await store.delete(deleted);
  return { written: files.length, deleted };
}

export interface SitePublisherDeps {
  readonly roster: Pick<RosterStore, 'currentVersion' | 'loadCounty'>;
  readonly countyCode: string;
  readonly files: SiteFileStore;
  /** @default - the county's own domain, else the local default (sitePublicUrl) */
  readonly publicUrl?: string | undefined;
  readonly logger: Pick<Logger, 'info'>;
}

/**
 * Publishes the county's current roster. Whatever asked (a stream batch of one or many roster
 * saves, a deploy), one run reads the roster as it is now, so the last save always wins.
 */
export function createSitePublisher(deps: SitePublisherDeps): () => Promise<PublishResult> {
  return async () => {
    const version = await deps.roster.currentVersion(deps.countyCode);
    const county = version === undefined ? undefined : await deps.roster.loadCounty(deps.countyCode, version);
    if (version === undefined || !county) throw new Error(`no roster of county ${deps.countyCode} in the table: nothing to publish`);
    const { written, deleted } = await publishCounty(county, deps.files, deps.publicUrl);
    deps.logger.info('site published', { version, written, deleted });
    return { version, written, deleted };
  };
}

/** What the publisher is invoked with: a batch of the roster table's stream, or CloudFormation after a deploy. */
export type PublishEvent = DynamoDBStreamEvent | CloudFormationCustomResourceEvent;

/**
 * The Lambda handler: a stream batch (however many roster saves it holds) publishes once; the
 * deploy-time custom resource publishes on Create and Update and is answered either way
 * (functions/runtime/cfn-response.ts), so a failed publish fails the deploy instead of leaving the
 * build's pages in place unnoticed.
 */
export function publishSiteHandler(publish: () => Promise<PublishResult>, deps: { readonly fetch: typeof fetch; readonly logger: CustomResourceLogger }) {
  return async (event: PublishEvent, context: Pick<Context, 'logStreamName'>): Promise<void> => {
    if (!('RequestType' in event)) {
      await publish();
      return;
    }
    await answerCloudFormation(event, context, { ...deps, physicalIdPrefix: 'cunjing-site-publisher' }, async () => {
      const { version, written, deleted } = await publish();
      return { Version: String(version), Written: String(written), Deleted: String(deleted.length) };
    });
  };
}
