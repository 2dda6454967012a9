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
import { build, type Metafile } from 'esbuild';
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
  'publish-site': 'functions/handlers/publish-site.ts',
  photos: 'functions/handlers/photos.ts',
} as const;

/** Packages a function ships beside its bundle instead of in it, as the stack builds it. */
const EXTERNALS: Partial<Record<keyof typeof HANDLER_ENTRIES, readonly string[]>> = { photos: PHOTOS_EXTERNAL_MODULES };

/** 200 KB read strictly: 200,000 bytes, not 200 KiB (204,800). */
export const BUNDLE_BUDGET_BYTES = 200_000;
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
  /** What the cold-start code is made of, largest first: bytes per package (`node_modules`) or per source file of ours. */
  readonly inputs: readonly { readonly input: string; readonly bytes: number }[];
}

export async function buildBundles(root: string): Promise<Bundle[]> {
  return Promise.all(
    Object.entries(HANDLER_ENTRIES).map(async ([name, entry]) => {
      const outdir = join(root, 'node_modules', '.cache', 'cunjing-bench-bundles', name);
      const result = await build({ ...bundleOptions(join(root, entry), outdir, EXTERNALS[name as keyof typeof HANDLER_ENTRIES]), write: false, logLevel: 'silent' });
      const { initBytes, lazyBytes, sdkImports, initFiles } = footprint(result.metafile!);
      const files = new Map(result.outputFiles.filter((f) => f.path.endsWith('.mjs')).map((f) => [f.path.slice(outdir.length + 1), f.contents] as const));
      return { name, bytes: initBytes, lazyBytes, files, sdkImports, inputs: coldStartInputs(result.metafile!, initFiles) };
    }),
  );
}

/** Bytes of the cold-start output by input, a package's files counted together (esbuild's metafile). */
function coldStartInputs(metafile: Metafile, initFiles: readonly string[]): { input: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const file of initFiles) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]!.inputs)) {
      const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input;
      bytes.set(key, (bytes.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes].map(([input, n]) => ({ input, bytes: n })).sort((a, b) => b.bytes - a.bytes);
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
  SITE_BUCKET: 'bench-site',
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
  /** The same medians in CPU time (user + system) of the importing process: less swayed by other processes on a busy machine. */
  readonly initCpuMs: number;
  readonly emptyCpuMs: number;
}

/**
 * Cold init per function: `runs` fresh Node processes each for the bundle and for its empty twin,
 * alternating, timing the `import()` of the module (the part of a Lambda cold start the code owns)
 * in wall-clock and CPU time; the medians are compared.
 */
export function coldInit(root: string, bundles: readonly Bundle[], runs = 15): ColdInit[] {
  // Inside the project, so the bundles' SDK imports resolve from its node_modules as in Lambda's runtime.
  const dir = join(root, 'node_modules', '.cache', 'cunjing-bench-init');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const time = (file: string) => {
    const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); const w = performance.now() - t; const u = process.cpuUsage(c); process.stdout.write(w + ' ' + (u.user + u.system) / 1000);`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...INIT_ENV }, encoding: 'utf8' });
    const [wall, cpu] = out.stdout.split(' ').map(Number);
    if (out.status !== 0 || !Number.isFinite(wall) || !Number.isFinite(cpu)) throw new Error(`importing ${file} failed: ${out.stderr.slice(0, 500)}`);
    return { wall: wall!, cpu: cpu! };
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
      const full: { wall: number; cpu: number }[] = [];
      const empty: { wall: number; cpu: number }[] = [];
      for (let i = 0; i < runs; i += 1) {
        empty.push(time(emptyFile));
        full.push(time(bundleFile));
      }
      const median = (runs: { wall: number; cpu: number }[], of: 'wall' | 'cpu') => percentile(runs.map((r) => r[of]), 50);
      const initMs = median(full, 'wall');
      const emptyMs = median(empty, 'wall');
      return { name: b.name, initMs, emptyMs, ratio: initMs / emptyMs, initCpuMs: median(full, 'cpu'), emptyCpuMs: median(empty, 'cpu') };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
