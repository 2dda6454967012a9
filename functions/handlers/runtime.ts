/**
 * Wiring shared by the Lambda handlers, built once per cold start: configuration from the
 * environment (failing fast and by name), one SDK client per service at module scope, the stores.
 * A handler reads only the tables its function is granted: what only one handler uses is wired there.
 * The local stack sets the same variables and imports the same handlers.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { optionalEnv, requireEnv } from '../config.ts';
import { OffsetClock, systemClock, type Clock } from '../domain/ports.ts';
import { CountySource } from '../domain/service.ts';
import { DynamoCaseStore } from '../store/cases.ts';
import { createDocumentClient } from '../store/client.ts';
import { DynamoCounterStore } from '../store/counters.ts';
import { DynamoRosterStore } from '../store/roster.ts';
import { CASES_TABLE, ROSTER_TABLE } from '../store/tables.ts';

export const config = {
  countyCode: requireEnv('COUNTY_CODE'),
  casesTable: requireEnv(CASES_TABLE.envVar),
  rosterTable: requireEnv(ROSTER_TABLE.envVar),
  /** Only the local stack sets this (DynamoDB Local); in AWS the SDK finds the regional endpoint. */
  dynamodbEndpoint: optionalEnv('DYNAMODB_ENDPOINT'),
} as const;

export const logger = new Logger({ serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? 'cunjing' });

export const client = createDocumentClient(config.dynamodbEndpoint);

/** The system clock; the local stack (CUNJING_DEV_CLOCK=1) gets one it can move forward for demos and tests. */
export const clock: Clock = optionalEnv('CUNJING_DEV_CLOCK') === '1' ? new OffsetClock() : systemClock;
export const cases = new DynamoCaseStore({ client, tableName: config.casesTable });
export const counters = new DynamoCounterStore({ client, tableName: config.casesTable });
export const roster = new DynamoRosterStore({ client, tableName: config.rosterTable });
export const county = new CountySource(roster, config.countyCode, { clock });
