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
 *
 * The domestic SMS providers' SDKs never enter a bundle: for a county on `aliyun` or `tencent` the
 * chosen SDK is bundled on its own into the package's place under `node_modules/` beside the handler
 * (`bundleSmsSdk`), where the adapter's `import()` on the first SMS finds it; the senders' module
 * (functions/runtime/domestic-sms.ts) is a chunk loaded then. A county on SNS ships neither.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import * as path from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import type { SmsProvider } from '../functions/domain/sms-types.ts';
import { PROJECT_ROOT } from './project.ts';

/**
 * Lets ESM output load CommonJS dependencies that call `require` (esbuild's `__require` shim finds
 * this binding). The import is aliased so it cannot collide with a name in the bundle.
 */
const ESM_REQUIRE_SHIM = "import { createRequire as __cunjingCreateRequire } from 'node:module'; const require = __cunjingCreateRequire(import.meta.url);";

/** The AWS SDK v3 of the Node.js runtime is used: bundling it would break the 200 KiB budget. */
export const RUNTIME_PROVIDED = ['@aws-sdk/*'] as const;

/** The handler file Lambda loads (`index.handler`). */
export const ENTRY_FILE = 'index.mjs';

/** Each domestic provider's official SDK: the package the adapter imports, and the module patterns of it and its runtime. */
export const SMS_SDKS: Readonly<Record<Exclude<SmsProvider, 'sns'>, { readonly entry: string; readonly modules: readonly string[] }>> = {
  aliyun: { entry: '@alicloud/dysmsapi20170525', modules: ['@alicloud/*', '@darabonba/*'] },
  tencent: { entry: 'tencentcloud-sdk-nodejs-sms', modules: ['tencentcloud-sdk-nodejs-*'] },
};

/** The module that makes the domestic providers' senders (with their adapters and credentials). */
const DOMESTIC_SMS_MODULE = path.join(PROJECT_ROOT, 'functions', 'runtime', 'domestic-sms.ts');

/**
 * What a bundle leaves out for a county on `provider`: every domestic provider's SDK (the chosen one
 * comes beside it), and for a county on SNS the domestic senders' module too (its import never runs there).
 */
export function smsSdkExternals(provider: SmsProvider = 'sns'): string[] {
  return [...Object.values(SMS_SDKS).flatMap((sdk) => sdk.modules), ...(provider === 'sns' ? [DOMESTIC_SMS_MODULE] : [])];
}

/**
 * Bundles the chosen provider's SDK (with everything it needs) into one CommonJS file at
 * `node_modules/<package>/index.js` of the function's asset: the adapter's `import('<package>')`
 * resolves there in Lambda, as it resolves to the installed package locally and in the tests.
 */
export function bundleSmsSdk(provider: SmsProvider, outdir: string): void {
  if (provider === 'sns') return;
  const { entry } = SMS_SDKS[provider];
  const dir = path.join(outdir, 'node_modules', ...entry.split('/'));
  buildSync({
    entryPoints: [createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve(entry)],
    outfile: path.join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    charset: 'utf8',
    logLevel: 'warning',
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: entry, main: 'index.js' }));
}

/**
 * esbuild's options for one function of a county on `smsProvider`: `entry` bundled into `outdir`
 * with its chunks.
 */
export function bundleOptions(entry: string, outdir: string, external: readonly string[] = [], smsProvider: SmsProvider = 'sns'): BuildOptions {
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
    external: [...RUNTIME_PROVIDED, ...smsSdkExternals(smsProvider), ...external],
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
