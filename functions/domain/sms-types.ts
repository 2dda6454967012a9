/**
 * The names the county file needs of the SMS registry (functions/domain/sms-templates.ts) without the
 * wording itself: a function that only reads the county file does not carry every SMS text.
 */
export const SMS_TYPES = ['assignment', 'transfer', 'reopened', 'defence', 'escalation', 'reported_up', 'assigned', 'answer', 'resident_ack', 'resident_resolved', 'login', 'digest'] as const;
export type SmsType = (typeof SMS_TYPES)[number];

export const SMS_PROVIDERS = ['sns', 'aliyun', 'tencent'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];
