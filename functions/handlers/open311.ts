/** Lambda entry for Open311 GeoReport v2 (`/open311/v2/*`). */
import { handle } from 'hono/aws-lambda';
import { createRuntime, readEnv } from '../runtime.ts';
import { open311App } from '../runtime/open311.ts';

export const handler = handle(await open311App(createRuntime(readEnv())));
