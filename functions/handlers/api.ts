/** Lambda entry for the HTTP API: the Hono app, wired to DynamoDB. */
import { handle } from 'hono/aws-lambda';
import { createApp } from '../api/app.ts';
import { cases, clock, county, logger, ratings } from './runtime.ts';

export const app = createApp({ cases, ratings, county, clock, logger });

export const handler = handle(app);
