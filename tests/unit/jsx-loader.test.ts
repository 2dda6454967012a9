import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { greetingHtml } from '../fixtures/Greeting.tsx';

const ROOT = resolve(import.meta.dirname, '../..');
const EXPECTED = '<p class="greeting">Hello, &lt;b&gt;<em>!</em></p>';

describe('page components (.tsx, hono/jsx)', () => {
  it('render with escaped text under vitest', async () => {
    expect(await greetingHtml('<b>')).toBe(EXPECTED);
  });

  it('load in the Node scripts through scripts/jsx-loader.ts, as npm start runs them', () => {
    const script = `import { greetingHtml } from ${JSON.stringify(resolve(ROOT, 'tests/fixtures/Greeting.tsx'))}; console.log(await greetingHtml('<b>'));`;
    const out = execFileSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', resolve(ROOT, 'scripts/jsx-loader.ts'), '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe(EXPECTED);
  });
});
