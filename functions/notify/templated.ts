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
function registeredTemplate(provider: DomesticProvider, message: SmsMessage): SmsTemplateUse & { readonly code: string } {
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

/** What a provider answered for the one number of a send: whether it took it, its code and words, and the message's id. */
export interface ProviderAnswer {
  readonly ok: boolean;
  readonly code?: string;
  readonly detail: string;
  readonly id?: string;
}

const ID_NAME: Record<DomesticProvider, string> = { aliyun: 'BizId', tencent: 'SerialNo' };

/**
 * Sends the message's registered template through `call` (the provider's SDK) and gives the
 * message's id, or throws why not in the router's terms: what the client threw, the provider's
 * refusal (by `kindOf` its code), or an answer without an id.
 */
export async function sendTemplate(
  provider: DomesticProvider,
  kindOf: (code: string | undefined) => SmsFailureKind,
  message: SmsMessage,
  call: (template: SmsTemplateUse & { readonly code: string }) => Promise<ProviderAnswer>,
): Promise<{ messageId: string }> {
  const template = registeredTemplate(provider, message);
  let answer: ProviderAnswer;
  try {
    answer = await call(template);
  } catch (error) {
    throw thrownFailure(provider, kindOf, message, error);
  }
  if (!answer.ok) throw providerFailure(provider, kindOf(answer.code), message, answer.code, answer.detail);
  if (!answer.id) throw providerFailure(provider, 'provider', message, undefined, `accepted without a ${ID_NAME[provider]}; treating it as not sent`);
  return { messageId: answer.id };
}

/** The parameters in the order the template names them (Tencent's {1}, {2}…), for a county in `locale`. */
export function orderedParams(template: SmsTemplateUse, locale: 'zh-CN' | 'en'): string[] {
  return paramOrder({ locale }, template.type).map((name) => template.params[name] ?? '');
}

/** What an SDK client threw (its error carries the provider's `code`), as the failure the router knows. */
function thrownFailure(provider: DomesticProvider, kindOf: (code: string | undefined) => SmsFailureKind, message: SmsMessage, error: unknown): SmsProviderError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const known = typeof code === 'string' ? code : undefined;
  return providerFailure(provider, kindOf(known), message, known, error instanceof Error ? error.message : String(error));
}

/** The error a failed send is recorded with: the provider's code and words, the phone masked. */
function providerFailure(provider: DomesticProvider, kind: SmsFailureKind, message: SmsMessage, code: string | undefined, detail: string): SmsProviderError {
  const words = scrubPhone(detail, message.to);
  return new SmsProviderError(kind, `${PROVIDER_NAME[provider]} did not send the ${describeSms(message)}: ${code ? `${code}: ` : ''}${words} (${kind})`, code);
}
