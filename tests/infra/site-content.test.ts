/**
 * Reading the built site for the stack: inline-script hashes for the CSP, the county check, the
 * clear failure when nothing is built; and the CloudFront function that maps directories to their
 * index.html, run as CloudFront would run it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CSP_MAX_LENGTH, INDEX_PATHS_FUNCTION } from '../../infra/constructs/site.ts';
import { cspHash, inlineElements, readSiteContent, SiteNotBuiltError, villagesMissingFromSite } from '../../infra/site-content.ts';
import { demoCounty, TEST_INLINE_SCRIPT, testSiteDir } from './support.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'cunjing-site-content-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readSiteContent', () => {
  it('hashes each executable inline script once, skipping external scripts and data blocks', () => {
    const content = readSiteContent(testSiteDir());

    expect(content.scriptHashes).toEqual([cspHash(TEST_INLINE_SCRIPT)]);
    expect(content.pages).toEqual(['about/index.html', 'index.html']);
  });

  it('hashes exactly as browsers check: SHA-256 of the element text, base64', () => {
    expect(cspHash('alert(1)')).toBe(`'sha256-${createHash('sha256').update('alert(1)').digest('base64')}'`);
    expect(inlineElements('<script type="module">a()</script><script\nsrc="b.js"></script><SCRIPT>c()</SCRIPT>', 'script')).toEqual(['a()', 'c()']);
  });

  it('fails naming the build command when the site has not been built', () => {
    expect(() => readSiteContent(path.join(scratch, 'nothing'))).toThrow(SiteNotBuiltError);
    expect(() => readSiteContent(path.join(scratch, 'nothing'))).toThrow(/npm run build:web/);
  });

  it('tells which of the county\'s villages the built pages do not offer', () => {
    const dir = path.join(scratch, 'other-county');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'index.html'), '<select><option value="somewhere-else">x</option></select>');

    expect(villagesMissingFromSite(readSiteContent(testSiteDir()), demoCounty())).toEqual([]);
    expect(villagesMissingFromSite(readSiteContent(dir), demoCounty()).length).toBeGreaterThan(0);
  });
});

describe('contentSecurityPolicy', () => {
  it('refuses a policy longer than CloudFront accepts', () => {
    const hashes = Array.from({ length: 40 }, (_, i) => cspHash(`s${i}`));

    expect(() => contentSecurityPolicy({ 'script-src': ["'self'", ...hashes] })).toThrow(new RegExp(`over CloudFront's ${CSP_MAX_LENGTH}`));
  });
});

describe('the index.html CloudFront function', () => {
  // CloudFront Functions (JS 2.0) are plain functions of the event: run the same source here.
  const handler = new Function(`${INDEX_PATHS_FUNCTION}; return handler;`)() as (event: { request: { uri: string } }) => { uri: string };
  const uriFor = (uri: string) => handler({ request: { uri } }).uri;

  it.each([
    ['/', '/index.html'],
    ['/about/', '/about/index.html'],
    ['/about', '/about/index.html'],
    ['/site.css', '/site.css'],
    ['/_astro/x.1234.js', '/_astro/x.1234.js'],
  ])('maps %s to %s', (uri, expected) => {
    expect(uriFor(uri)).toBe(expected);
  });
});
