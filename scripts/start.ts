/**
 * `npm start`: the whole portal on this machine, on the demo county (or COUNTY=<code>).
 *   PORT            HTTP port (default 8787)
 *   DYNAMODB_PORT   DynamoDB Local's port (default 8000)
 *   S3_PORT         the local S3 server's port, the photos bucket (default 4568)
 *   DATA_DIR        where tables, the SMS outbox and stream checkpoints live (default .data)
 *   COUNTY          county file counties/<COUNTY>.json (default demo)
 *   SMS_FAIL_RATE   share of SMS the local outbox refuses, 0 to 1 (default 0)
 */
import { join } from 'node:path';
import { ROOT, smsFailRate, startLocalStack, type LocalStackOptions } from './local/stack.ts';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`${name} must be a port number (0-65535), not "${raw}"`);
    process.exit(2);
  }
  return value;
}

try {
  const stack = await startLocalStack({
    port: port('PORT', 8787),
    dynamodbPort: port('DYNAMODB_PORT', 8000),
    s3Port: port('S3_PORT', 4568),
    dataDir: process.env.DATA_DIR || join(ROOT, '.data'),
    countyFile: join(ROOT, 'counties', `${process.env.COUNTY || 'demo'}.json`),
    smsFailRate: smsFailRate(process.env.SMS_FAIL_RATE),
    ...(process.env.POWERTOOLS_LOG_LEVEL && { logLevel: process.env.POWERTOOLS_LOG_LEVEL as LocalStackOptions['logLevel'] }),
  });
  console.log(`\nCunjing is running: ${stack.url}\n  SMS outbox: ${stack.url}/dev/outbox  (JSON: ${stack.url}/dev/outbox.json)\n  Stop with Ctrl-C.\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stack.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  console.error(`\nCould not start Cunjing:\n${(error as Error).message}`);
  process.exit(1);
}
