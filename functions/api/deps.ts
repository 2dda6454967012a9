import type { Logger } from '@aws-lambda-powertools/logger';
import type { AlertStore } from '../domain/alerts.ts';
import type { CounterStore, LimitStore, LinkStore } from '../domain/ports.ts';
import type { CaseServiceDeps } from '../domain/service.ts';
import type { PhotoStorage } from '../domain/photos.ts';

/** What the Hono app needs; the Lambda handler and the local server wire the same real adapters. */
export interface ApiDeps extends CaseServiceDeps {
  readonly links: LinkStore;
  /** The monthly counters behind /stats and the assessment. */
  readonly counters: CounterStore;
  readonly alerts: AlertStore;
  /** Counters of the limits against abuse (intake, proof of work). */
  readonly limits: LimitStore;
  readonly logger: Pick<Logger, 'error' | 'warn' | 'info'>;
  /** The photos bucket; without it (a deployment or test with no bucket) photos are refused. @default - none */
  readonly photos?: PhotoStorage;
  /** What CloudFront sends in `X-Origin-Verify`; requests without it get a 403. @default - no check (local) */
  readonly originSecret?: string | undefined;
}
