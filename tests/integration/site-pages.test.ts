/**
 * One code path for the static pages: the site publisher's files (functions/ui/site-pages.ts, from a
 * county) are the Astro build's, byte for byte, for every public page and QR code of the build. The
 * build is made here, into a folder of its own, for each county file and a public address of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCounty } from '../../functions/domain/county.ts';
import { siteFiles } from '../../functions/ui/site-pages.ts';
import { ROOT } from '../../scripts/local/stack.ts';

const PUBLIC_URL = 'https://cunjing.example.test';
const outDirs: string[] = [];
afterAll(() => outDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `astro build` of the public site for a county file, into a temp folder. */
function astroBuild(county: string): string {
  const outDir = mkdtempSync(join(tmpdir(), 'cunjing-site-pages-'));
  outDirs.push(outDir);
  const out = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--root', join(ROOT, 'web'), '--outDir', outDir, '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', COUNTY: county, PUBLIC_URL },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`astro build failed:\n${out.stdout}${out.stderr}`);
  return outDir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

describe.each(['demo', 'demo-cn'])('the publisher’s files for counties/%s.json', (name) => {
  it('are the Astro build’s public pages and QR codes, byte for byte, and every one of them', { timeout: 120_000 }, async () => {
    const county = parseCounty(JSON.parse(readFileSync(join(ROOT, 'counties', `${name}.json`), 'utf8')), name);
    const built = astroBuild(name);

    const files = await siteFiles(county, PUBLIC_URL);

    const builtPages = listFiles(built).filter((path) => (path.endsWith('.html') && !path.startsWith('admin/')) || path.startsWith('qr/'));
    expect(files.map((f) => f.path).sort()).toEqual(builtPages.sort());
    for (const file of files) expect(file.body, file.path).toBe(readFileSync(join(built, file.path), 'utf8'));
    expect(files.find((f) => f.path === 'posters/index.html')?.body).toContain(`${PUBLIC_URL}/v/`);
  });
});
