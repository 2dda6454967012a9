/**
 * What the cost model reads: prices.json, and the county's template synthesized offline (no
 * function is bundled, and an unbuilt site is replaced by a placeholder page).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { County } from '../../functions/domain/county.ts';
import { PROJECT_ROOT, countyStackName } from '../../infra/project.ts';
import { DEFAULT_SITE_DIR } from '../../infra/site-content.ts';
import { CountyStack } from '../../infra/stack.ts';
import type { PriceBook } from './model.ts';

export const PRICES_FILE = path.join(PROJECT_ROOT, 'scripts', 'cost', 'prices.json');

export function loadPriceBook(file = PRICES_FILE): PriceBook {
  return JSON.parse(readFileSync(file, 'utf8')) as PriceBook;
}

/** The county's CloudFormation template, synthesized offline without bundling any function. */
export function synthesizeTemplate(countyId: string, county: County): { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> } {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  const scratch = mkdtempSync(path.join(tmpdir(), 'cunjing-cost-'));
  try {
    // The site's content does not change the bill's shape: a placeholder stands in for an unbuilt one.
    let siteDir = DEFAULT_SITE_DIR;
    if (!existsSync(path.join(siteDir, 'index.html'))) {
      siteDir = path.join(scratch, 'site');
      mkdirSync(siteDir);
      writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><title>placeholder</title>');
    }
    const app = new App({ outdir: path.join(scratch, 'cdk.out'), context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    const stack = new CountyStack(app, countyStackName(countyId), { countyId, county, siteDir });
    return app.synth().getStackArtifact(stack.artifactId).template;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
