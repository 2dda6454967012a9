/** The test run's own temporary folder (tests/temp-dir.ts, vitest's globalSetup). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import setup from '../temp-dir.ts';

describe('the test run’s temporary folder', () => {
  it('is where this test writes its temporary files', () => {
    expect(tmpdir()).toMatch(/cunjing-test-run-\w+$/);
  });

  it('is set for the processes a run starts and removed, with what the tests left in it, when the run ends', () => {
    // Arrange
    const outer = process.env.TMPDIR;
    const teardown = setup();
    const dir = process.env.TMPDIR!;
    mkdirSync(join(dir, 'cdk.outAbc123'));
    writeFileSync(join(dir, 'cdk.outAbc123', 'manifest.json'), '{}');

    // Act
    teardown();

    // Assert
    expect(dir).not.toBe(outer);
    expect(existsSync(dir)).toBe(false);
    expect(process.env.TMPDIR).toBe(outer);
  });
});
