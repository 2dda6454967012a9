/**
 * How every Lambda function is bundled: one set of esbuild settings for the CDK construct
 * (constructs/function.ts builds the deployed code with them) and the bench (scripts/bench/bundles.ts
 * measures the 200 KiB budget on the same output).
 *
 * ESM, minified, Chinese text kept as UTF-8, the AWS SDK left to the Lambda runtime, and code
 * splitting: a module reached only through `import()` (a rare path: the proof of work, a form's
 * errors page, a language the county does not speak by default) goes into a chunk of its own under
 * `chunks/`, loaded the first time that path runs instead of at every cold start. What the handler
 * loads at cold start is `index.mjs` and the chunks it imports statically (`initBytes`).
 */
import { isBuiltin } from 'node:module';
import type { BuildOptions, Metafile } from 'esbuild';

/**
 * Lets ESM output load CommonJS dependencies that call `require` (esbuild's `__require` shim finds
 * this binding). The import is aliased so it cannot collide with a name in the bundle.
 */
const ESM_REQUIRE_SHIM = "import { createRequire as __cunjingCreateRequire } from 'node:module'; const require = __cunjingCreateRequire(import.meta.url);";

/** The AWS SDK v3 of the Node.js runtime is used: bundling it would break the 200 KiB budget. */
export const RUNTIME_PROVIDED = ['@aws-sdk/*'] as const;

/** The handler file Lambda loads (`index.handler`). */
export const ENTRY_FILE = 'index.mjs';

/** esbuild's options for one function: `entry` bundled into `outdir` with its chunks. */
export function bundleOptions(entry: string, outdir: string, external: readonly string[] = []): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Prefer packages' ES module builds: smaller bundles and working tree shaking.
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_SHIM },
    minify: true,
    // Chinese SMS and page text stays UTF-8 instead of \uXXXX escapes (half the bytes).
    charset: 'utf8',
    // Mappings are enough for readable stack traces; sources would only grow the package.
    sourcemap: true,
    sourcesContent: false,
    external: [...RUNTIME_PROVIDED, ...external],
    metafile: true,
    logLevel: 'warning',
  };
}

export interface Footprint {
  /** `index.mjs` and every chunk it imports statically: what a cold start loads. */
  readonly initBytes: number;
  /** Chunks reached only through `import()`: loaded when their path first runs. */
  readonly lazyBytes: number;
  /** The packages outside the bundle the cold-start code imports (the runtime's AWS SDK, sharp). */
  readonly sdkImports: readonly string[];
  /** The output files a cold start loads, as the metafile names them. */
  readonly initFiles: readonly string[];
}

/** What of a build's output a cold start loads, from esbuild's metafile (source maps not counted). */
export function footprint(metafile: Metafile): Footprint {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const byFile = new Map(outputs);
  const entry = outputs.find(([file]) => file.endsWith(`/${ENTRY_FILE}`) || file === ENTRY_FILE);
  if (!entry) throw new Error(`no ${ENTRY_FILE} among ${outputs.map(([f]) => f).join(', ')}`);
  const init = new Set<string>();
  const sdk = new Set<string>();
  const visit = (file: string) => {
    if (init.has(file)) return;
    init.add(file);
    for (const i of byFile.get(file)?.imports ?? []) {
      if (i.external && !isBuiltin(i.path) && i.kind === 'import-statement') sdk.add(i.path);
      if (!i.external && i.kind === 'import-statement') visit(i.path);
    }
  };
  visit(entry[0]);
  const size = (files: [string, Metafile['outputs'][string]][]) => files.reduce((n, [, o]) => n + o.bytes, 0);
  return { initBytes: size(outputs.filter(([f]) => init.has(f))), lazyBytes: size(outputs.filter(([f]) => !init.has(f))), sdkImports: [...sdk].sort(), initFiles: [...init] };
}
