/** Lambda entry for Open311 GeoReport v2 (`/open311/v2/*`): the county's other systems read and file service requests. */
import { handle } from 'hono/aws-lambda';
import { createOpen311App } from '../api/open311/app.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { cases, client, clock, config, county, logger } from './runtime.ts';
import { loadLinkSecret, loadOriginSecret } from './secrets.ts';

export const app = createOpen311App({
  cases,
  county,
  clock,
  logger,
  // The rate-limit windows live in the cases table beside the sign-in codes.
  limits: new DynamoAdminStore({ client, tableName: config.casesTable }),
  // Tracking codes derived from an Idempotency-Key are keyed with the deployment's secret, as in the portal.
  secret: await loadLinkSecret(),
  originSecret: await loadOriginSecret(),
});

export const handler = handle(app);
