/** Lambda entry for the HTTP API: the Hono app, wired to DynamoDB. */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';
import { requireEnv } from '../config.ts';
import { DynamoLinkStore } from '../store/cases.ts';
import { DynamoAlertStore } from '../store/alerts.ts';
import { DynamoRatingStore } from '../store/ratings.ts';
import { RATINGS_TABLE } from '../store/tables.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { cases, client, clock, config, county, logger, roster } from './runtime.ts';
import { loadLinkSecret } from './secrets.ts';
import { smsSenderFromEnv } from './sms.ts';

const ratings = new DynamoRatingStore({ client, ratingsTable: requireEnv(RATINGS_TABLE.envVar), casesTable: config.casesTable });

const alerts = new DynamoAlertStore({ client, tableName: config.rosterTable, countyCode: config.countyCode });
const admin = new DynamoAdminStore({ client, tableName: config.casesTable });

export const app = createApp({
  cases,
  links: new DynamoLinkStore(cases),
  alerts,
  ratings,
  roster,
  county,
  clock,
  logger,
  admin,
  // Admin sign-in codes go out through the same adapter as every other SMS.
  sms: smsSenderFromEnv(),
  secret: await loadLinkSecret(),
});

export const handler = handle(app);
