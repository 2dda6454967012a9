/** Lambda entry for the HTTP API: the Hono app, wired to DynamoDB. */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';
import { requireEnv } from '../config.ts';
import { DynamoLinkStore } from '../store/cases.ts';
import { DynamoAlertStore } from '../store/alerts.ts';
import { DynamoRatingStore } from '../store/ratings.ts';
import { RATINGS_TABLE } from '../store/tables.ts';
import { cases, client, clock, config, county, logger } from './runtime.ts';

const ratings = new DynamoRatingStore({ client, ratingsTable: requireEnv(RATINGS_TABLE.envVar), casesTable: config.casesTable });

const alerts = new DynamoAlertStore({ client, tableName: config.rosterTable, countyCode: config.countyCode });

export const app = createApp({ cases, links: new DynamoLinkStore(cases), alerts, ratings, county, clock, logger });

export const handler = handle(app);
