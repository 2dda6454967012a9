/** English: the same keys as zh-CN.ts (the type checker holds them together). */
import type { FieldMessages } from '../index.ts';

const en: FieldMessages = {
  required: 'Please fill this in',
  choose: 'Please choose one',
  yesNo: 'Please answer yes or no',
  kind: 'Please choose what you are reporting: tip, dispute, hazard, service or help',
  villageId: 'Please choose your village',
  villageUnknown: 'We do not know the village “{village}”; please choose again',
  descriptionRequired: 'Please write what happened',
  descriptionShort: 'Please write a little more: at least {min} characters',
  tooLong: 'Too long: at most {max} characters',
  phone: 'This is not a mobile number: 11 digits, for example 13800000000',
  position: 'This position is not right: press “use my position” again, or write the place above',
  photo: 'Photos must be JPEG, PNG, HEIC or WebP images, at most 5 MB each and 3 in all (4 MB together without JavaScript). Please choose them again.',
  updatesNeedPhone: 'To get SMS, please give a mobile number',
  idempotencyKey: 'This form’s submission key is not right: reload the page and send again',
  caseNumber: 'A case number looks like {example}',
  trackingCode: 'Please type the tracking code',
  score: 'Please choose 1 to 5',
  invalid: 'Please check this',
};

export default en;
