/**
 * Debian's Chromium driven by playwright-core (no downloaded browser builds).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { NO_INTAKE_LIMITS, ROOT, startLocalStack, type LocalStack, type LocalStackOptions } from '../../scripts/local/stack.ts';
import { freePort } from './ports.ts';

/** Where browser tests leave screenshots and reports. */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A browser test file's local stack and browser. */
export interface BrowserRun {
  readonly stack: LocalStack;
  readonly browser: Browser;
}

/**
 * The local stack on free ports with a fresh data folder (`cunjing-{name}-…`), intake limits and the
 * SMS gate off unless `options` says otherwise, and Chromium: what a browser test file runs against.
 */
export async function startBrowserRun(name: string, options: LocalStackOptions = {}): Promise<BrowserRun> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), `cunjing-${name}-`));
  const stack = await startLocalStack({ port: 0, dynamodbPort: await freePort(), dataDir, log: () => undefined, intakeLimits: NO_INTAKE_LIMITS, smsGate: 'off', ...options });
  return { stack, browser: await launchChromium() };
}

/** Closes the browser, then stops the stack (either may not have started). */
export async function stopBrowserRun(run: Partial<BrowserRun>): Promise<void> {
  await run.browser?.close();
  await run.stack?.stop();
}
