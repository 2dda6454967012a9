/** The public api function's app (API v1, server pages), wired from a runtime. */
import { createApp } from '../api/app.ts';
import { required, type Runtime } from '../runtime.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { DynamoRatingStore } from '../store/ratings.ts';
import { RATINGS_TABLE } from '../store/tables.ts';
import { httpParts } from './http.ts';

export async function apiApp(runtime: Runtime) {
  const { client, settings } = runtime;
  return createApp({
    ...runtime,
    ...(await httpParts(runtime)),
    // Limit counters live in the cases table, beside the sign-in windows.
    limits: new DynamoAdminStore({ client, tableName: settings.tables.cases }),
    ratings: new DynamoRatingStore({ client, ratingsTable: required(settings.tables.ratings, RATINGS_TABLE.envVar), casesTable: settings.tables.cases }),
  });
}
