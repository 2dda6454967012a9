/**
 * The local stack as `npm run chaos` runs it: a process of its own (so each phase can start it with
 * its own SMS_FAIL_RATE, and a restart is part of the run) on a DynamoDB Local the chaos script owns
 * and kills. Prints `ready <url>` once it listens.
 *   DYNAMODB_ENDPOINT  the DynamoDB Local to use          DATA_DIR  outbox and stream checkpoints
 *   SMS_FAIL_RATE      share of SMS the outbox refuses    PREFIX    table name prefix
 */
import { NO_INTAKE_LIMITS, ROOT, smsFailRate, startLocalStack, type LocalStackOptions } from '../local/stack.ts';
import { join } from 'node:path';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const dataDir = process.env.DATA_DIR;
if (!endpoint || !dataDir) {
  console.error('DYNAMODB_ENDPOINT and DATA_DIR are required');
  process.exit(2);
}
const stack = await startLocalStack({
  port: 0,
  dynamodbEndpoint: endpoint,
  dataDir,
  prefix: process.env.PREFIX ?? 'cunjing-chaos',
  countyFile: join(ROOT, 'counties', 'demo.json'),
  buildWeb: false,
  // A fault run, not a flood: no intake limits, no SMS breaker or budget.
  intakeLimits: NO_INTAKE_LIMITS,
  smsGate: 'off',
  smsFailRate: smsFailRate(process.env.SMS_FAIL_RATE),
  ...(process.env.POWERTOOLS_LOG_LEVEL && { logLevel: process.env.POWERTOOLS_LOG_LEVEL as LocalStackOptions['logLevel'] }),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`ready ${stack.url}\n`);
const stop = () => void stack.stop().then(() => process.exit(0), () => process.exit(1));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
