/** What the api and admin functions' apps both take from a runtime: the alerts, the photos bucket and the secrets. */
import type { Runtime } from '../runtime.ts';
import { required } from './base.ts';
import { DynamoAlertStore } from '../store/alerts.ts';
import { ROSTER_TABLE } from '../store/tables.ts';
import { photoStorage } from './photo-storage.ts';
import { loadLinkSecret, loadOriginSecret } from './secrets.ts';

export async function httpParts(runtime: Runtime) {
  const { client, settings } = runtime;
  const photos = photoStorage(settings);
  return {
    alerts: new DynamoAlertStore({ client, tableName: required(settings.tables.roster, ROSTER_TABLE.envVar), countyCode: settings.countyCode }),
    secret: await loadLinkSecret(settings),
    ...(photos && { photos }),
    originSecret: await loadOriginSecret(settings),
  };
}
