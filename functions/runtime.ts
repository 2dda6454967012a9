/**
 * How a process is wired. `readEnv()` turns a function's environment into plain settings, once, at
 * cold start (failing fast and by name); `createRuntime(settings)` builds from them what the
 * functions share: one DynamoDB client, the clock, the logger, the county source and the stores of
 * the cases and roster tables. The Lambda handlers call both (`functions/handlers/*`); the local stack
 * and the tests call `createRuntime` with settings of their own and never touch `process.env`.
 *
 * What only some functions use (the SMS sender and its gate, the photos bucket, the secrets, each
 * function's app or job) is built from a runtime by the modules under `functions/runtime/`, one per
 * concern, so a bundle carries only the adapters and SDK clients its function uses; the photos
 * function, which reads no roster, starts from `createBaseRuntime` (functions/runtime/base.ts).
 */
import { CountySource } from './domain/service.ts';
import { DynamoLinkStore } from './store/links.ts';
import { DynamoCounterStore } from './store/counters.ts';
import { DynamoRosterStore } from './store/roster.ts';
import { ROSTER_TABLE } from './store/tables.ts';
import { createBaseRuntime, required, type BaseRuntime, type RuntimeParts, type RuntimeSettings } from './runtime/base.ts';

export { readEnv, required, type RuntimeParts, type RuntimeSettings, type SecretSetting, type SmsSettings } from './runtime/base.ts';

/** What the functions that read the roster share (all but photos), built once per process. */
export interface Runtime extends BaseRuntime {
  readonly links: DynamoLinkStore;
  readonly counters: DynamoCounterStore;
  /** The roster table's store; a function without `ROSTER_TABLE` fails when it asks for it. */
  readonly roster: DynamoRosterStore;
  /** The roster as the apps and jobs read it (cached, re-read every 30 s). */
  readonly county: CountySource;
}

export function createRuntime(settings: RuntimeSettings, parts: RuntimeParts = {}): Runtime {
  const base = createBaseRuntime(settings, parts);
  const { client, clock } = base;
  let roster: DynamoRosterStore | undefined;
  let county: CountySource | undefined;
  const rosterStore = () => (roster ??= new DynamoRosterStore({ client, tableName: required(settings.tables.roster, ROSTER_TABLE.envVar) }));
  return {
    ...base,
    links: new DynamoLinkStore({ client, tableName: settings.tables.cases }),
    counters: new DynamoCounterStore({ client, tableName: settings.tables.cases }),
    get roster() {
      return rosterStore();
    },
    get county() {
      return (county ??= new CountySource(rosterStore(), settings.countyCode, { clock }));
    },
  };
}
