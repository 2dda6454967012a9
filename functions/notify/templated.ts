/**
 * What the domestic provider adapters (aliyun.ts, tencent.ts) share: they send a registered template
 * and its parameters, never the text, and say why a send failed in the router's terms
 * (SmsProviderError: retried or final).
 */
import type { SmsMessage } from '../domain/ports.ts';
import { SmsProviderError, type SmsFailureKind } from '../domain/sms.ts';
import { paramOrder, type SmsTemplateUse } from '../domain/sms-templates.ts';
import { describeSms, scrubPhone } from './mask.ts';

export type DomesticProvider = 'aliyun' | 'tencent';

const PROVIDER_NAME: Record<DomesticProvider, string> = { aliyun: 'Alibaba Cloud SMS', tencent: 'Tencent Cloud SMS' };

/** The message's template code and parameters; a message without them cannot go through a template provider. */
export function registeredTemplate(provider: DomesticProvider, message: SmsMessage): SmsTemplateUse & { readonly code: string } {
  const { template } = message;
  if (template.mode !== 'template' || !template.code) {
    throw new SmsProviderError(
      'template',
      `${PROVIDER_NAME[provider]} sends only registered templates: the ${describeSms(message)} (${template.type}) has no template code; ` +
        'set sms.templates in the county file (npm run county:check lists the missing ones)',
    );
  }
  return { ...template, code: template.code };
}

/** The parameters in the order the template names them (Tencent's {1}, {2}…), for a county in `locale`. */
export function orderedParams(template: SmsTemplateUse, locale: 'zh-CN' | 'en'): string[] {
  return paramOrder({ locale }, template.type).map((name) => template.params[name] ?? '');
}

/** What an SDK client threw (its error carries the provider's `code`), as the failure the router knows. */
export function thrownFailure(provider: DomesticProvider, kindOf: (code: string | undefined) => SmsFailureKind, message: SmsMessage, error: unknown): SmsProviderError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? code : undefined;
  return providerFailure(provider, kindOf(known), message, known, error instanceof Error ? error.message : String(error));
}

/** The error a failed send is recorded with: the provider's code and words, the phone masked. */
export function providerFailure(provider: DomesticProvider, kind: SmsFailureKind, message: SmsMessage, code: string | undefined, detail: string): SmsProviderError {
  const words = scrubPhone(detail, message.to);
  return new SmsProviderError(kind, `${PROVIDER_NAME[provider]} did not send the ${describeSms(message)}: ${code ? `${code}: ` : ''}${words} (${kind})`, code);
}
