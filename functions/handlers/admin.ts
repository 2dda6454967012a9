/** Lambda entry for the admin console's API (`/api/v1/admin/*`): sign-in, cases, roster, alerts, assessment, audit. */
import { handle } from 'hono/aws-lambda';
import { createAdminApp } from '../api/admin/app.ts';
import { DynamoAdminStore } from '../store/admin.ts';
import { DynamoDeviceStore } from '../store/devices.ts';
import { DynamoAlertStore } from '../store/alerts.ts';
import { DynamoLinkStore } from '../store/cases.ts';
import { cases, client, clock, config, counters, county, logger, roster } from './runtime.ts';
import { loadLinkSecret, loadOriginSecret } from './secrets.ts';
import { photoStorage } from './photo-storage.ts';
import type { SmsMessage, SmsSender } from '../domain/ports.ts';

/**
 * Sign-in codes go out through the same adapter as every other SMS, behind the SMS gate; the admin
 * function sends nothing else, so the sender (gated-sms.ts, its adapter and SDK client) is made with
 * the first code sent, not at every cold start.
 */
let gated: Promise<SmsSender> | undefined;
const sms: SmsSender = {
  send: async (message: SmsMessage) => (await (gated ??= import('./gated-sms.ts').then((m) => m.gatedSmsSender()))).send(message),
};

export const app = createAdminApp({
  cases,
  counters,
  links: new DynamoLinkStore(cases),
  alerts: new DynamoAlertStore({ client, tableName: config.rosterTable, countyCode: config.countyCode }),
  roster,
  county,
  clock,
  logger,
  admin: new DynamoAdminStore({ client, tableName: config.casesTable }),
  devices: new DynamoDeviceStore({ client, tableName: config.casesTable }),
  sms,
  secret: await loadLinkSecret(),
  ...(photoStorage && { photos: photoStorage }),
  originSecret: await loadOriginSecret(),
});

export const handler = handle(app);
