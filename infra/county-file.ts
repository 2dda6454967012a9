/**
 * Finds and validates the county file a deployment is built from: `counties/<id>.json`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCounty, type County } from '../functions/domain/county.ts';
import { COUNTY_ID, PROJECT_ROOT } from './project.ts';

export const COUNTIES_DIR = path.join(PROJECT_ROOT, 'counties');

/** Reads and validates `counties/<countyId>.json`; errors name the file and every bad field. */
export function loadCountyFile(countyId: string, dir: string = COUNTIES_DIR): County {
  if (!COUNTY_ID.test(countyId)) {
    throw new Error(`County "${countyId}" is not a county file name: use lowercase letters, digits and dashes, as in -c county=demo for counties/demo.json`);
  }
  const file = path.join(dir, `${countyId}.json`);
  const shown = path.relative(process.cwd(), file) || file;
  if (!existsSync(file)) {
    const known = existsSync(dir)
      ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length))
      : [];
    throw new Error(`County file ${shown} not found (county "${countyId}"). Known counties: ${known.join(', ') || 'none'}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`County file ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCounty(data, shown);
}
