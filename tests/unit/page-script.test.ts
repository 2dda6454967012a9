/**
 * The public pages' inline scripts are built from readable parts (functions/ui/page-script/*.js) by
 * `npm run build:script` (scripts/page-script.ts) into functions/ui/page-scripts.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENHANCE_JS, POSTER_JS, REPORT_JS } from '../../functions/ui/enhance.ts';
import { PAGE_SCRIPTS, PAGE_SCRIPTS_FILE, pageScriptsModule } from '../../scripts/page-script.ts';

describe('the page scripts', () => {
  it('are what npm run build:script makes of their parts now (run it after editing a part)', async () => {
    expect(readFileSync(PAGE_SCRIPTS_FILE, 'utf8')).toBe(await pageScriptsModule());
  });

  it('leave out of the report form’s script only parts for what the form does not have', () => {
    const left = PAGE_SCRIPTS.ENHANCE_JS.parts.filter((part) => !(PAGE_SCRIPTS.REPORT_JS.parts as readonly string[]).includes(part));

    expect(left).toEqual(['filter', 'alerts', 'print']);
    expect(REPORT_JS.length).toBeLessThan(ENHANCE_JS.length);
  });

  it('give the posters only the large-text switch and the print button, out of the site script', () => {
    const site = PAGE_SCRIPTS.ENHANCE_JS.parts as readonly string[];

    expect(PAGE_SCRIPTS.POSTER_JS.parts.filter((part) => !site.includes(part))).toEqual([]);
    expect(POSTER_JS).toContain('print()');
    expect(POSTER_JS).toContain('cj_text=');
    expect(POSTER_JS).not.toContain('localStorage');
  });
});
