/**
 * What the SMS-sending handlers (route-case, admin, escalate) send through: this process's adapter
 * (sms.ts) behind the SMS gate (functions/domain/sms-gate.ts). Every SMS, case SMS and sign-in codes
 * alike, passes the village circuit breaker and the county's monthly budget.
 */
import { optionalEnv } from '../config.ts';
import { SmsGate } from '../domain/sms-gate.ts';
import { DynamoSmsGateStore } from '../store/sms-gate.ts';
import { client, clock, config, county, logger } from './runtime.ts';
import { smsSenderFromEnv } from './sms.ts';

export function gatedSmsSender(env: NodeJS.ProcessEnv = process.env): SmsGate {
  return new SmsGate(smsSenderFromEnv(env), {
    store: new DynamoSmsGateStore({ client, tableName: config.casesTable }),
    county,
    clock,
    publicUrl: (optionalEnv('PUBLIC_URL', env) ?? '').replace(/\/+$/, ''),
    log: logger,
  });
}
