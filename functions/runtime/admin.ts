/** The admin function's app (the console's API, the officer's case page and inbox), wired from a runtime. */
import { createAdminApp } from '../api/admin/app.ts';
import type { SmsMessage, SmsSender } from '../domain/ports.ts';
import type { Runtime } from '../runtime.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { DynamoDeviceStore } from '../store/devices.ts';
import { httpParts } from './http.ts';

export async function adminApp(runtime: Runtime) {
  const { client, settings } = runtime;
  // Sign-in codes go out through the same adapter as every other SMS, behind the SMS gate; the admin
  // function sends nothing else, so the sender (sms.ts, its adapter and SDK client) is made with the
  // first code sent, not at every cold start.
  let gated: Promise<SmsSender> | undefined;
  const sms: SmsSender = { send: async (message: SmsMessage) => (await (gated ??= import('./sms.ts').then((m) => m.gatedSms(runtime)))).send(message) };
  return createAdminApp({
    ...runtime,
    ...(await httpParts(runtime)),
    admin: new DynamoAdminStore({ client, tableName: settings.tables.cases }),
    devices: new DynamoDeviceStore({ client, tableName: settings.tables.cases }),
    sms,
  });
}
