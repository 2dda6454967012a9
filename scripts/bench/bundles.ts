/**
 * The Lambda bundles as the stack builds them (same esbuild settings, `BUNDLING` in
 * infra/constructs/function.ts), measured against the 250 KiB budget.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from '../../infra/constructs/function.ts';

/** Every function the stack deploys, by its entry file. */
export const HANDLER_ENTRIES = {
  api: 'functions/handlers/api.ts',
  admin: 'functions/handlers/admin.ts',
  open311: 'functions/handlers/open311.ts',
  'route-case': 'functions/handlers/route-case.ts',
  escalate: 'functions/handlers/escalate.ts',
  'seed-roster': 'infra/handlers/seed-roster.ts',
} as const;

export const BUNDLE_BUDGET_BYTES = 250 * 1024;

export async function bundleSizes(root: string): Promise<{ name: string; bytes: number }[]> {
  return Promise.all(
    Object.entries(HANDLER_ENTRIES).map(async ([name, entry]) => {
      const result = await build({
        entryPoints: [join(root, entry)],
        bundle: true,
        write: false,
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
      return { name, bytes: result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0) };
    }),
  );
}
