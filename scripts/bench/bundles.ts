/**
 * The Lambda bundles as the stack builds them (the same esbuild options, `bundleOptions` in
 * infra/bundling.ts), measured against the 200 KiB budget on what a cold start loads (`index.mjs`
 * and the chunks it imports statically; chunks reached only through `import()` are reported apart),
 * and their cold init: each bundle imported in a fresh Node process, against an empty handler that
 * imports the same AWS SDK modules (the ones the Lambda runtime provides) and makes the same service
 * clients, budget ≤ 1.3×.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions, ENTRY_FILE, footprint } from '../../infra/bundling.ts';
import { PHOTOS_EXTERNAL_MODULES } from '../../infra/constructs/photos.ts';
import { percentile } from './lib.ts';

/** Every function the stack deploys, by its entry file. */
export const HANDLER_ENTRIES = {
  api: 'functions/handlers/api.ts',
  admin: 'functions/handlers/admin.ts',
  open311: 'functions/handlers/open311.ts',
  'route-case': 'functions/handlers/route-case.ts',
  escalate: 'functions/handlers/escalate.ts',
  'seed-roster': 'infra/handlers/seed-roster.ts',
  photos: 'functions/handlers/photos.ts',
} as const;

/** Packages a function ships beside its bundle instead of in it, as the stack builds it. */
const EXTERNALS: Partial<Record<keyof typeof HANDLER_ENTRIES, readonly string[]>> = { photos: PHOTOS_EXTERNAL_MODULES };

export const BUNDLE_BUDGET_BYTES = 200 * 1024;
export const INIT_BUDGET_RATIO = 1.3;

export interface Bundle {
  readonly name: string;
  /** What a cold start loads: `index.mjs` and its static chunks (the budgeted figure). */
  readonly bytes: number;
  /** Chunks loaded only when a rare path first runs. */
  readonly lazyBytes: number;
  /** Every output file (no source maps), by its path relative to the output folder. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** The packages it imports at cold start from outside the bundle (the runtime's AWS SDK, sharp). */
  readonly sdkImports: readonly string[];
}

export async function buildBundles(root: string): Promise<Bundle[]> {
  return Promise.all(
    Object.entries(HANDLER_ENTRIES).map(async ([name, entry]) => {
      const outdir = join(root, 'node_modules', '.cache', 'cunjing-bench-bundles', name);
      const result = await build({ ...bundleOptions(join(root, entry), outdir, EXTERNALS[name as keyof typeof HANDLER_ENTRIES]), write: false, logLevel: 'silent' });
      const { initBytes, lazyBytes, sdkImports } = footprint(result.metafile!);
      const files = new Map(result.outputFiles.filter((f) => f.path.endsWith('.mjs')).map((f) => [f.path.slice(outdir.length + 1), f.contents] as const));
      return { name, bytes: initBytes, lazyBytes, files, sdkImports };
    }),
  );
}

export async function bundleSizes(root: string): Promise<{ name: string; bytes: number; lazyBytes: number }[]> {
  return (await buildBundles(root)).map(({ name, bytes, lazyBytes }) => ({ name, bytes, lazyBytes }));
}

/** What the handlers read at import, with values that need no network (SNS for SMS, as in AWS). */
const INIT_ENV = {
  COUNTY_CODE: 'DEMO',
  CASES_TABLE: 'bench-cases',
  RATINGS_TABLE: 'bench-ratings',
  ROSTER_TABLE: 'bench-roster',
  PHOTOS_BUCKET: 'bench-photos',
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
      const bundleDir = join(dir, b.name);
      for (const [file, contents] of b.files) {
        mkdirSync(join(bundleDir, file, '..'), { recursive: true });
        writeFileSync(join(bundleDir, file), contents);
      }
      const bundleFile = join(bundleDir, ENTRY_FILE);
      const emptyFile = join(dir, `${b.name}-empty.mjs`);
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
