/**
 * The public pages' inline script is built from readable parts (functions/ui/page-script/*.js) by
 * `npm run build:script` (scripts/page-script.ts) into functions/ui/page-scripts.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PAGE_SCRIPTS_FILE, pageScriptsModule } from '../../scripts/page-script.ts';

describe('the page script', () => {
  it('is what npm run build:script makes of its parts now (run it after editing a part)', async () => {
    expect(readFileSync(PAGE_SCRIPTS_FILE, 'utf8')).toBe(await pageScriptsModule());
  });
});
