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

/**
 * Files served as several of web/public in one, in this order: the console's /admin.css carries the
 * public stylesheets it shares with the pages (contact cards, timelines, charts and tables).
 */
export const BUNDLES: Readonly<Record<string, readonly string[]>> = {
  'admin.css': ['village.css', 'case.css', 'stats.css', 'admin.css'],
};

/**
 * Minifies every stylesheet and script directly in `dir` (the built site's root: /site.css, /pow.js,
 * …) in place, each of `bundles` made of its parts first; returns their names.
 */
export async function minifyAssets(dir: string, bundles: Readonly<Record<string, readonly string[]>> = BUNDLES): Promise<string[]> {
  const names = readdirSync(dir).filter((name) => Object.hasOwn(LOADERS, extname(name)));
  const sources = new Map(names.map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  const source = (name: string) => {
    const text = sources.get(name);
    if (text === undefined) throw new Error(`${name} is not in ${dir}`);
    return text;
  };
  for (const name of names) {
    const text = (bundles[name] ?? [name]).map(source).join('\n');
    const { code } = await transform(text, { ...LOADERS[extname(name)], minify: true, sourcefile: name });
    writeFileSync(join(dir, name), code);
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
