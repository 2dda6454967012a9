/**
 * The built site's stylesheets and scripts (web/build/minify.ts): served minified, the script for ES5.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minifyAssets } from '../../web/build/minify.ts';

function builtSite(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cunjing-minify-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('minifyAssets', () => {
  it('rewrites the root stylesheets and scripts without comments or whitespace, and leaves the rest alone', async () => {
    const page = '<!doctype html>\n<p>  kept  </p>\n';
    const dir = builtSite({
      'site.css': '/* the frame */\n.page {\n  margin: 0 auto;\n}\n',
      'pow.js': '/* the solver */\n(function (w) {\n  w.answer = function (n) {\n    return n + 1;\n  };\n})(window);\n',
      'index.html': page,
      '_astro/nested.css': '/* not ours */\n.x { color: red; }\n',
    });

    const names = await minifyAssets(dir);

    expect(names.sort()).toEqual(['pow.js', 'site.css']);
    expect(readFileSync(join(dir, 'site.css'), 'utf8')).toBe('.page{margin:0 auto}\n');
    expect(readFileSync(join(dir, 'pow.js'), 'utf8')).not.toMatch(/solver|\n./);
    expect(new Function('window', `${readFileSync(join(dir, 'pow.js'), 'utf8')}; return window.answer(1);`)({})).toBe(2);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(page);
    expect(readFileSync(join(dir, '_astro/nested.css'), 'utf8')).toContain('not ours');
  });

  it('writes a bundle as its parts one after the other, the parts themselves staying as they are', async () => {
    const dir = builtSite({ 'case.css': '.steps { display: flex; }\n', 'admin.css': '/* the console */\n.skip { left: 0; }\n' });

    await minifyAssets(dir, { 'admin.css': ['case.css', 'admin.css'] });

    expect(readFileSync(join(dir, 'admin.css'), 'utf8')).toBe('.steps{display:flex}.skip{left:0}\n');
    expect(readFileSync(join(dir, 'case.css'), 'utf8')).toBe('.steps{display:flex}\n');
  });

  it('fails on a script old Android WebViews could not run (newer than ES5)', async () => {
    const dir = builtSite({ 'new.js': 'const answer = 42;\n' });

    await expect(minifyAssets(dir)).rejects.toThrow(/es5/);
  });

  it('minifies the site’s own solver for ES5 without having to rewrite any of it', async () => {
    const { transform } = await import('esbuild');
    const source = readFileSync('web/public/pow.js', 'utf8');

    const es5 = await transform(source, { loader: 'js', minify: true, target: 'es5' });
    const esnext = await transform(source, { loader: 'js', minify: true, target: 'esnext' });

    expect(es5.code).toBe(esnext.code);
  });
});
