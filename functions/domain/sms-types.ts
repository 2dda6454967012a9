/**
 * The names the county file needs of the SMS registry (functions/domain/sms-templates.ts) without the
 * wording itself: a function that only reads the county file does not carry every SMS text.
 */
export const SMS_TYPES = ['assignment', 'filed', 'transfer', 'reopened', 'defence', 'escalation', 'reported_up', 'assigned', 'answer', 'resident_ack', 'resident_resolved', 'login', 'digest'] as const;
export type SmsType = (typeof SMS_TYPES)[number];

export const SMS_PROVIDERS = ['sns', 'aliyun', 'tencent'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/**
 * A domestic provider (Alibaba Cloud SMS, Tencent Cloud SMS) sends only registered templates, and a
 * template variable may carry no link: its SMS are in template mode and carry no per-case link.
 */
export function isDomesticProvider(provider: SmsProvider): provider is Exclude<SmsProvider, 'sns'> {
  return provider !== 'sns';
}
