/**
 * Lets Node run the project's `.tsx` files (the page components in functions/ui, hono/jsx) in the
 * scripts: Node strips types from `.ts` by itself but does not compile JSX. Every npm script and the
 * CDK app start Node with `--import ./scripts/jsx-loader.ts`; esbuild (already the bundler) compiles
 * each `.tsx` module as it loads, with the same settings as tsconfig.json, vitest, Astro and the
 * Lambda bundles (automatic runtime, `hono/jsx`).
 */
import { registerHooks } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.tsx')) return nextLoad(url, context);
    const file = fileURLToPath(url);
    const { code } = transformSync(readFileSync(file, 'utf8'), {
      loader: 'tsx',
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'hono/jsx',
      sourcefile: file,
      sourcemap: 'inline',
    });
    return { format: 'module', source: code, shortCircuit: true };
  },
});
