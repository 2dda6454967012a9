/** The Open311 function's app (GeoReport v2 for the county's other systems), wired from a runtime. */
import { createOpen311App } from '../api/open311/app.ts';
import type { Runtime } from '../runtime.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { loadLinkSecret, loadOriginSecret } from './secrets.ts';

export async function open311App(runtime: Runtime) {
  const { settings } = runtime;
  return createOpen311App({
    ...runtime,
    // The rate-limit windows live in the cases table beside the sign-in codes.
    limits: new DynamoAdminStore({ client: runtime.client, tableName: settings.tables.cases }),
    // Tracking codes derived from an Idempotency-Key are keyed with the deployment's secret, as in the portal.
    secret: await loadLinkSecret(settings),
    originSecret: await loadOriginSecret(settings),
  });
}
