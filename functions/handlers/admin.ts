/** Lambda entry for the admin console's API (`/api/v1/admin/*`) and the officer's pages (`/o/*`). */
import { handle } from 'hono/aws-lambda';
import { createRuntime, readEnv } from '../runtime.ts';
import { adminApp } from '../runtime/admin.ts';

export const handler = handle(await adminApp(createRuntime(readEnv())));
