/**
 * The CDK app: one stack per county, chosen with `-c county=<id>` (default `demo`), built from
 * `counties/<id>.json`. `-c production=false` makes a throw-away stack (tables deleted with it).
 *
 *   npx cdk synth -c county=demo
 *   npx cdk deploy -c county=qingshan
 */
import { App } from 'aws-cdk-lib';
import type { County } from '../functions/domain/county.ts';
import { loadCountyFile } from './county-file.ts';
import { countyStackName } from './project.ts';
import { CountyStack } from './stack.ts';

const app = new App();
const countyId = String(app.node.tryGetContext('county') ?? 'demo');
const production = String(app.node.tryGetContext('production') ?? 'true') !== 'false';

let county: County;
try {
  county = loadCountyFile(countyId);
} catch (error) {
  // A bad county file is the operator's to fix: say what and where, without a stack trace.
  console.error((error as Error).message);
  process.exit(1);
}

// Environment-agnostic on purpose: synth needs no account lookups and works offline; the account and
// region come from the deploying credentials.
new CountyStack(app, countyStackName(countyId), { countyId, county, production });

app.synth();
