/**
 * The SMS gate in front of every SmsSender (issue 9): nothing a flood does can ring an officer's phone
 * without end or spend the county's SMS budget.
 *  - Circuit breaker per village: past `limits.sms.villageCasesPerHour` case SMS to one of a village's
 *    phones (officer, assistant) in an hour, further non-urgent cases are still accepted and shown in
 *    the console but their SMS is held for the village digest, which `flushDigests` sends every
 *    `limits.sms.digestEveryMinutes` ("12 new cases in 东山村 since 10:00; see …").
 *  - Monthly spend per county: every SMS adds its estimated price (parts × `sms.pricePerPartUsd`) to a
 *    counter in the database, atomically and only while the total stays under the limit. Non-urgent
 *    SMS stop at `sms.monthlySpendLimitUsd` × (1 − `limits.sms.reservedShare`); urgent help and
 *    sign-in codes may use the reserved share up to the budget itself.
 * A withheld SMS throws SmsWithheld: final, never retried, recorded on the case as not sent.
 */
import { monthIn } from './time.ts';
import type { County } from './county.ts';
import type { Clock, SmsGateStore, SmsMessage, SmsSender } from './ports.ts';
import type { CountySource } from './service.ts';
import { smsLength } from './sms.ts';

/** Not sent on purpose (digest or budget): final, not worth a retry. */
export class SmsWithheld extends Error {
  override readonly name = 'SmsWithheld';
  readonly reason: 'digest' | 'budget';
  constructor(reason: 'digest' | 'budget', message: string) {
    super(message);
    this.reason = reason;
  }
}

/** The log line (and metric filter) of an SMS stopped by the monthly budget: the alarm counts these. */
export const SMS_BUDGET_LOG_MESSAGE = 'SMS withheld: monthly SMS budget reached';

export interface SmsGateDeps {
  readonly store: SmsGateStore;
  readonly county: CountySource;
  readonly clock: Clock;
  /** Where the digest points officers, e.g. https://cunjing.example.gov.cn */
  readonly publicUrl: string;
  readonly log?: { warn(message: string, extra: { withheld: number; role: string; urgent: boolean }): void };
}

const HOUR = 3600;
const MICRO = 1_000_000;

/** The price of a message in micro-dollars, by its parts. */
export function priceMicroUsd(county: Pick<County, 'sms'>, body: string): number {
  return Math.round(smsLength(body).segments * county.sms.pricePerPartUsd * MICRO);
}

/** Case SMS to a village's own phones may be held for the digest; urgent help and everything else go. */
const HOLDABLE = new Set<SmsMessage['role']>(['officer', 'assistant']);

export class SmsGate implements SmsSender {
  readonly #inner: SmsSender;
  readonly #deps: SmsGateDeps;

  constructor(inner: SmsSender, deps: SmsGateDeps) {
    this.#inner = inner;
    this.#deps = deps;
  }

  async send(message: SmsMessage): Promise<{ messageId: string }> {
    const { county } = await this.#deps.county.get();
    const now = this.#deps.clock.now();
    if (!message.urgent && message.villageId && HOLDABLE.has(message.role)) {
      const limits = county.limits.sms;
      const sent = await this.#deps.store.hit(`sms-village:${message.villageId}:${message.role}`, HOUR, now);
      if (sent > limits.villageCasesPerHour) {
        await this.#deps.store.holdForDigest(county.code, { villageId: message.villageId, role: message.role, to: message.to }, now, new Date(now.getTime() + limits.digestEveryMinutes * 60_000));
        throw new SmsWithheld('digest', `held for the village digest: more than ${limits.villageCasesPerHour} case SMS to this phone in an hour`);
      }
    }
    await this.#spend(county, message, now);
    return this.#inner.send(message);
  }

  async #spend(county: County, message: SmsMessage, now: Date): Promise<void> {
    const budget = county.sms.monthlySpendLimitUsd;
    if (budget === undefined) return;
    const reserved = message.urgent === true || message.role === 'login';
    const limit = Math.floor(budget * (reserved ? 1 : 1 - county.limits.sms.reservedShare) * MICRO);
    if (!(await this.#deps.store.spend(county.code, monthIn(county.timezone, now), priceMicroUsd(county, message.body), limit))) {
      this.#deps.log?.warn(SMS_BUDGET_LOG_MESSAGE, { withheld: 1, role: message.role, urgent: reserved });
      throw new SmsWithheld('budget', `the county's monthly SMS budget is spent${reserved ? '' : ' (what is left is kept for urgent help and sign-in codes)'}`);
    }
  }

  /** Sends every digest that is due: one SMS per held phone with the count since the first held case. */
  async flushDigests(): Promise<number> {
    const { county, villages } = await this.#deps.county.get();
    const now = this.#deps.clock.now();
    let sent = 0;
    const due = await this.#deps.store.dueDigests(county.code, now);
    if (due.length === 0) return 0;
    // The wording is loaded when a digest goes: the functions that only send (admin: sign-in codes) never load it.
    const { digestSms } = await import('./sms-templates.ts');
    for (const digest of due) {
      const village = villages.get(digest.villageId)?.village.name ?? digest.villageId;
      const sms = digestSms(county, village, digest.held, digest.since, `${this.#deps.publicUrl}/admin/cases/?villageId=${encodeURIComponent(digest.villageId)}`);
      try {
        await this.#spend(county, { to: digest.to, ...sms, role: 'digest' }, now);
        await this.#inner.send({ to: digest.to, ...sms, role: 'digest' });
      } catch (error) {
        // Out of budget, or the provider refused: the cases stay in the digest for the next run.
        if (error instanceof SmsWithheld) continue;
        throw error;
      }
      await this.#deps.store.takeDigest(county.code, digest, now, new Date(now.getTime() + county.limits.sms.digestEveryMinutes * 60_000));
      sent += 1;
    }
    return sent;
  }
}
