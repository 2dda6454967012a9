/** Lambda entry for the cases table's stream (functions/jobs/route-case.ts). */
import { routeCaseHandler } from '../jobs/route-case.ts';
import { createRuntime, readEnv } from '../runtime.ts';

export const handler = await routeCaseHandler(createRuntime(readEnv()));
