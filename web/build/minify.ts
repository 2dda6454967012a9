/**
 * The stylesheets and scripts of web/public are written to be read (comments saying which page uses
 * what) and served minified: after `astro build` copies them to web/dist, each is rewritten there by
 * esbuild (comments and whitespace out). Scripts are minified for ES5, which old Android WebViews
 * run: esbuild refuses what it cannot lower (const, let, async…), so a newer script fails the build.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { transform, type Loader } from 'esbuild';

const LOADERS: Readonly<Record<string, { readonly loader: Loader; readonly target?: string }>> = {
  '.css': { loader: 'css' },
  '.js': { loader: 'js', target: 'es5' },
};

/** Minifies every stylesheet and script directly in `dir` (the built site's root: /site.css, /pow.js, …) in place; returns their names. */
export async function minifyAssets(dir: string): Promise<string[]> {
  const names = readdirSync(dir).filter((name) => Object.hasOwn(LOADERS, extname(name)));
  for (const name of names) {
    const path = join(dir, name);
    const { code } = await transform(readFileSync(path, 'utf8'), { ...LOADERS[extname(name)], minify: true, sourcefile: name });
    writeFileSync(path, code);
  }
  return names;
}

/** The Astro integration: minifies the root stylesheets and scripts of the built site. */
export function minifiedAssets(): AstroIntegration {
  return {
    name: 'cunjing:minified-assets',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        logger.info(`minified ${(await minifyAssets(fileURLToPath(dir))).join(', ')}`);
      },
    },
  };
}
