/** Lambda entry for the public HTTP API and server-rendered pages. */
import { handle } from 'hono/aws-lambda';
import { createRuntime, readEnv } from '../runtime.ts';
import { apiApp } from '../runtime/api.ts';

export const handler = handle(await apiApp(createRuntime(readEnv())));
