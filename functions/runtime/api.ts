/** The public api function's app (API v1, server pages), wired from a runtime. */
import { createApp } from '../api/app.ts';
import { required, type Runtime } from '../runtime.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { DynamoAlertStore } from '../store/alerts.ts';
import { DynamoRatingStore } from '../store/ratings.ts';
import { RATINGS_TABLE, ROSTER_TABLE } from '../store/tables.ts';
import { photoStorage } from './photo-storage.ts';
import { loadLinkSecret, loadOriginSecret } from './secrets.ts';

export async function apiApp(runtime: Runtime) {
  const { client, settings } = runtime;
  const photos = photoStorage(settings);
  return createApp({
    ...runtime,
    alerts: new DynamoAlertStore({ client, tableName: required(settings.tables.roster, ROSTER_TABLE.envVar), countyCode: settings.countyCode }),
    // Limit counters live in the cases table, beside the sign-in windows.
    limits: new DynamoAdminStore({ client, tableName: settings.tables.cases }),
    ratings: new DynamoRatingStore({ client, ratingsTable: required(settings.tables.ratings, RATINGS_TABLE.envVar), casesTable: settings.tables.cases }),
    secret: await loadLinkSecret(settings),
    ...(photos && { photos }),
    originSecret: await loadOriginSecret(settings),
  });
}
