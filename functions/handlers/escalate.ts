/** Lambda entry for the escalation schedule (functions/jobs/escalate.ts). */
import { escalateHandler } from '../jobs/escalate.ts';
import { createRuntime, readEnv } from '../runtime.ts';

export const handler = escalateHandler(createRuntime(readEnv()));
