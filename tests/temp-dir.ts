/**
 * Every test run gets a temporary folder of its own (TMPDIR for the run, so `os.tmpdir()` in the
 * tests, in the CDK apps they synthesize — whose `cdk.out*` output is 22 MB each — and in the
 * processes they start), removed when the run ends. Without it a run left thousands of folders in
 * /tmp, and runs over a few days filled the disk.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'cunjing-test-run-'));
  const before = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  process.env.TMPDIR = process.env.TMP = process.env.TEMP = dir;
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}
