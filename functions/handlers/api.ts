/** Lambda entry for the HTTP API: the Hono app, wired to DynamoDB. */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';
import { requireEnv } from '../config.ts';
import { DynamoLinkStore } from '../store/cases.ts';
import { DynamoRatingStore } from '../store/ratings.ts';
import { RATINGS_TABLE } from '../store/tables.ts';
import { cases, client, clock, config, county, logger } from './runtime.ts';

const ratings = new DynamoRatingStore({ client, ratingsTable: requireEnv(RATINGS_TABLE.envVar), casesTable: config.casesTable });

export const app = createApp({ cases, links: new DynamoLinkStore(cases), ratings, county, clock, logger });

export const handler = handle(app);
