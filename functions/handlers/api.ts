/** Lambda entry for the public HTTP API and server-rendered pages: the Hono app, wired to DynamoDB. */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';
import { requireEnv } from '../config.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { DynamoAlertStore } from '../store/alerts.ts';
import { DynamoLinkStore } from '../store/cases.ts';
import { DynamoRatingStore } from '../store/ratings.ts';
import { RATINGS_TABLE } from '../store/tables.ts';
import { cases, client, clock, config, counters, county, logger } from './runtime.ts';
import { loadLinkSecret, loadOriginSecret } from './secrets.ts';
import { photoStorage } from './photo-storage.ts';

export const app = createApp({
  cases,
  counters,
  links: new DynamoLinkStore(cases),
  alerts: new DynamoAlertStore({ client, tableName: config.rosterTable, countyCode: config.countyCode }),
  // Limit counters live in the cases table, beside the sign-in windows.
  limits: new DynamoAdminStore({ client, tableName: config.casesTable }),
  ratings: new DynamoRatingStore({ client, ratingsTable: requireEnv(RATINGS_TABLE.envVar), casesTable: config.casesTable }),
  county,
  clock,
  logger,
  secret: await loadLinkSecret(),
  ...(photoStorage && { photos: photoStorage }),
  originSecret: await loadOriginSecret(),
});

export const handler = handle(app);
