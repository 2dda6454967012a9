/**
 * The Lambda bundles as the stack builds them (same esbuild settings, `BUNDLING` in
 * infra/constructs/function.ts), measured against the 200 KiB budget, and their cold init: each
 * bundle imported in a fresh Node process, against an empty handler that imports the same AWS SDK
 * modules (the ones the Lambda runtime provides) and makes the same service clients, budget ≤ 1.3×.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from '../../infra/constructs/function.ts';
import { percentile } from './lib.ts';

/** Every function the stack deploys, by its entry file. */
export const HANDLER_ENTRIES = {
  api: 'functions/handlers/api.ts',
  admin: 'functions/handlers/admin.ts',
  open311: 'functions/handlers/open311.ts',
  'route-case': 'functions/handlers/route-case.ts',
  escalate: 'functions/handlers/escalate.ts',
  'seed-roster': 'infra/handlers/seed-roster.ts',
} as const;

export const BUNDLE_BUDGET_BYTES = 200 * 1024;
export const INIT_BUDGET_RATIO = 1.3;

export interface Bundle {
  readonly name: string;
  readonly bytes: number;
  readonly code: Uint8Array;
  /** The AWS SDK modules it imports at run time (left out of the bundle: the runtime has them). */
  readonly sdkImports: readonly string[];
}

export async function buildBundles(root: string): Promise<Bundle[]> {
  return Promise.all(
    Object.entries(HANDLER_ENTRIES).map(async ([name, entry]) => {
      const result = await build({
        entryPoints: [join(root, entry)],
        bundle: true,
        write: false,
        metafile: true,
        outfile: `${name}.mjs`,
        platform: 'node',
        target: 'node24',
        format: BUNDLING.format,
        mainFields: [...BUNDLING.mainFields],
        banner: { js: BUNDLING.banner },
        minify: BUNDLING.minify,
        charset: BUNDLING.charset,
        external: BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*'],
        logLevel: 'silent',
      });
      const output = Object.values(result.metafile.outputs)[0]!;
      const sdkImports = [...new Set(output.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path))].sort();
      return { name, bytes: result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0), code: result.outputFiles[0]!.contents, sdkImports };
    }),
  );
}

export async function bundleSizes(root: string): Promise<{ name: string; bytes: number }[]> {
  return (await buildBundles(root)).map(({ name, bytes }) => ({ name, bytes }));
}

/** What the handlers read at import, with values that need no network (SNS for SMS, as in AWS). */
const INIT_ENV = {
  COUNTY_CODE: 'DEMO',
  CASES_TABLE: 'bench-cases',
  RATINGS_TABLE: 'bench-ratings',
  ROSTER_TABLE: 'bench-roster',
  LINK_SECRET: 'bench-link-secret-0123456789abcdef0123456789',
  PUBLIC_URL: 'https://cunjing.example',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/**
 * An empty handler with the same SDK imports, making one client of each imported service client
 * (`@aws-sdk/client-*`) at module scope as every handler does: what is left is our own code's cost.
 */
function emptyTwin(sdkImports: readonly string[]): string {
  return [
    ...sdkImports.map((m, i) => `import * as m${i} from ${JSON.stringify(m)};`),
    ...sdkImports.flatMap((m, i) =>
      m.startsWith('@aws-sdk/client-') ? [`{ const [, Client] = Object.entries(m${i}).find(([k, v]) => k.endsWith('Client') && typeof v === 'function' && !k.includes('Service')); new Client({}); }`] : [],
    ),
    'export const handler = async () => ({});',
    '',
  ].join('\n');
}

export interface ColdInit {
  readonly name: string;
  /** Median milliseconds to import the bundle in a fresh process. */
  readonly initMs: number;
  /** Median milliseconds to import an empty handler with the same SDK imports. */
  readonly emptyMs: number;
  readonly ratio: number;
}

/**
 * Cold init per function: `runs` fresh Node processes each for the bundle and for its empty twin,
 * alternating, timing the `import()` of the module (the part of a Lambda cold start the code owns).
 */
export function coldInit(root: string, bundles: readonly Bundle[], runs = 15): ColdInit[] {
  // Inside the project, so the bundles' SDK imports resolve from its node_modules as in Lambda's runtime.
  const dir = join(root, 'node_modules', '.cache', 'cunjing-bench-init');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const time = (file: string) => {
    const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...INIT_ENV }, encoding: 'utf8' });
    const ms = Number(out.stdout);
    if (out.status !== 0 || !Number.isFinite(ms)) throw new Error(`importing ${file} failed: ${out.stderr.slice(0, 500)}`);
    return ms;
  };
  try {
    return bundles.map((b) => {
      const bundleFile = join(dir, `${b.name}.mjs`);
      const emptyFile = join(dir, `${b.name}-empty.mjs`);
      writeFileSync(bundleFile, b.code);
      writeFileSync(emptyFile, emptyTwin(b.sdkImports));
      const full: number[] = [];
      const empty: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        empty.push(time(emptyFile));
        full.push(time(bundleFile));
      }
      const initMs = percentile(full, 50);
      const emptyMs = percentile(empty, 50);
      return { name: b.name, initMs, emptyMs, ratio: initMs / emptyMs };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
