/**
 * 信息员: a village's information officer files a case on a resident's behalf from the console's
 * filing page, with the resident's consent and, if they give them, their name and phone. The case
 * travels as any other (one submit spine); it carries who filed it, so the officer's SMS, case page
 * and console say so. The receipt (case number and tracking code) goes back to the resident.
 */
import * as z from 'zod/mini';
import type { Principal } from './auth.ts';
import { FieldError } from './errors.ts';
import { SubmissionSchema, type Submission } from './case.ts';
import { can } from './permissions.ts';
import { submitCase, type CaseServiceDeps, type Receipt } from './service.ts';

/** What the filing page sends beside the submission's own fields (SubmissionSchema). */
export const ConsentSchema = z.object({
  /** The resident agreed that the information officer files the case and keeps the contact given. */
  consent: z.literal(true, { message: 'the resident must agree that you file this for them' }),
});

/** The filing page's JSON: the case as a resident would send it, and the consent. */
export const FilingSchema = z.intersection(ConsentSchema, SubmissionSchema);

/** Files `submission` for a resident as `p` (an information officer of its village). */
export async function fileForResident(deps: Pick<CaseServiceDeps, 'cases' | 'county' | 'clock' | 'secret'>, p: Principal, submission: Submission, idempotencyKey?: string): Promise<Receipt> {
  if (!can(p, 'file')) throw new FieldError('role', 'only a village information officer files cases for residents');
  if (!(p.villageIds ?? []).includes(submission.villageId)) throw new FieldError('villageId', 'you file cases for your own village only');
  return submitCase(deps, submission, idempotencyKey, { filedBy: { role: 'informant', name: p.name } });
}
