/** Lambda entry for the photos bucket's events (functions/jobs/photos.ts); it reads no roster. */
import { photosHandler } from '../jobs/photos.ts';
import { createBaseRuntime, readEnv } from '../runtime/base.ts';

export const handler = photosHandler(createBaseRuntime(readEnv()));
