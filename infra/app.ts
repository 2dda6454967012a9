/**
 * The CDK app: one stack per county, chosen with `-c county=<id>` (default `demo`), built from
 * `counties/<id>.json` and the site in `web/dist` (`COUNTY=<id> npm run build:web` first).
 * `-c production=false` makes a throw-away stack (tables, secret and site bucket deleted with it);
 * `-c siteDir=<dir>` takes the built site from elsewhere, `-c countiesDir=<dir>` the county file.
 *
 *   npx cdk synth -c county=demo
 *   npx cdk deploy -c county=qingshan
 */
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import type { County } from '../functions/domain/county.ts';
import { COUNTIES_DIR, loadCountyFile } from './county-file.ts';
import { countyStackName } from './project.ts';
import { SiteNotBuiltError } from './site-content.ts';
import { CountyStack, DeploymentSettingError } from './stack.ts';

const app = new App();
const countyId = String(app.node.tryGetContext('county') ?? 'demo');
const production = String(app.node.tryGetContext('production') ?? 'true') !== 'false';
const siteDir = app.node.tryGetContext('siteDir') as string | undefined;
const countiesDir = app.node.tryGetContext('countiesDir') as string | undefined;

/** A county file or site build the operator must fix: say what and where, without a stack trace. */
function fail(error: unknown): never {
  console.error((error as Error).message);
  process.exit(1);
}

let county: County;
try {
  county = loadCountyFile(countyId, countiesDir ? path.resolve(countiesDir) : COUNTIES_DIR);
} catch (error) {
  fail(error);
}

try {
  // Environment-agnostic on purpose: synth needs no account lookups and works offline; the account
  // and region come from the deploying credentials, unless the county file's `deployment.region`
  // pins the region (infra/stack.ts). A county with `site.waf` is pinned to them: its
  // web ACL lives in us-east-1 and the stack must know whether it is there (infra/constructs/waf.ts).
  const env = county.site?.waf ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } } : {};
  new CountyStack(app, countyStackName(countyId), { countyId, county, production, ...(siteDir && { siteDir }), ...env });
} catch (error) {
  if (error instanceof SiteNotBuiltError || error instanceof DeploymentSettingError) fail(error);
  throw error;
}

app.synth();
