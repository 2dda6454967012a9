/**
 * The officer inbox's pages (`/o/inbox`): the sign-in (phone number, then the code sent by SMS) and
 * the list of the person's open cases, urgent first and then the oldest, each opening the case page.
 * Plain forms and links: no JavaScript, part of the installable officer app.
 */
import type { County, Locale } from '../domain/county.ts';
import { INBOX_PATH, type Inbox, type InboxCase } from '../domain/inbox.ts';
import { fmt, words } from '../messages/index.ts';
import { officerText } from '../messages/officer.ts';
import { BarePage } from './BarePage.tsx';

/** What is wrong with the sign-in's fields, next to each. */
export type SignInErrors = Partial<Record<'phone' | 'code', string>>;

/** `+8613800001001` → `138****1001`: enough to recognise one's phone, not to learn a number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+86/, '');
  return digits.length > 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : digits;
}

/** The message under a field, which the field names in `aria-describedby`. */
function FieldError({ id, message }: { readonly id: string; readonly message: string | undefined }) {
  return message ? (
    <p class="error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}

/** The first step: the phone number on the roster. */
export function SignInPage({ locale, errors = {}, phone = '' }: { readonly locale: Locale; readonly errors?: SignInErrors; readonly phone?: string }) {
  const t = officerText(locale).inbox;
  return (
    <BarePage locale={locale} title={t.signInTitle} app>
      <h1>{t.signInTitle}</h1>
      <p class="note">{t.signInIntro}</p>
      <form class="card" method="post" action="/o/code">
        <div class="field">
          <label for="phone">{t.phone}</label>
          <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required maxlength={20} value={phone} aria-invalid={errors.phone ? 'true' : undefined} aria-describedby={errors.phone ? 'phone-error' : undefined} />
          <FieldError id="phone" message={errors.phone} />
        </div>
        <button class="button" type="submit">{t.sendCode}</button>
      </form>
    </BarePage>
  );
}

/** The second step: the code sent to that phone, valid `minutes`. */
export function CodePage({ locale, phone, minutes, errors = {} }: { readonly locale: Locale; readonly phone: string; readonly minutes: number; readonly errors?: SignInErrors }) {
  const t = officerText(locale).inbox;
  return (
    <BarePage locale={locale} title={t.signInTitle} app>
      <h1>{t.signInTitle}</h1>
      <p role="status">{fmt(t.codeSent, { phone: maskPhone(phone), minutes })}</p>
      <form class="card" method="post" action="/o/verify">
        <input type="hidden" name="phone" value={phone} />
        <div class="field">
          <label for="code">{t.code}</label>
          <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required aria-invalid={errors.code ? 'true' : undefined} aria-describedby={errors.code ? 'code-error' : undefined} />
          <FieldError id="code" message={errors.code} />
        </div>
        <button class="button" type="submit">{t.signIn}</button>
      </form>
      <p>
        <a href={INBOX_PATH}>{t.again}</a>
      </p>
    </BarePage>
  );
}

/** A case in the inbox, with whether it is past the time to acknowledge it. */
export interface InboxLine extends InboxCase {
  readonly overdue: boolean;
}

interface InboxProps {
  readonly county: County;
  /** Who is signed in on this phone. */
  readonly name: string;
  /** The open cases, or undefined for a person whose area is too wide for an inbox (the console lists them). */
  readonly inbox: (Omit<Inbox, 'cases'> & { readonly cases: readonly InboxLine[] }) | undefined;
  /** Village names by id. */
  readonly villages: ReadonlyMap<string, string>;
  readonly csrf: string;
}

function Line({ county, villages, item }: { readonly county: County; readonly villages: ReadonlyMap<string, string>; readonly item: InboxLine }) {
  const w = words(county.locale);
  const when = new Intl.DateTimeFormat(county.locale, { timeZone: county.timezone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(item.createdAt));
  return (
    <li class="card">
      <a href={`/o/c/${item.caseNumber}`}>
        <strong>
          {item.urgent && (
            <>
              <span class="error">{w.urgent}</span>{' '}
            </>
          )}
          {w.kind[item.kind]} {item.caseNumber}
        </strong>
      </a>
      <p>
        {villages.get(item.villageId) ?? item.villageId} · {w.status[item.status]}
        {item.overdue && (
          <>
            {' · '}
            <strong class="error">{w.overdue}</strong>
          </>
        )}
        {item.level > 1 ? ` · ${w.level[item.level]}` : ''} · <time>{when}</time>
      </p>
      <p class="note">{[...item.description.replace(/\s+/g, ' ')].slice(0, 40).join('')}</p>
    </li>
  );
}

/** The signed-in person's open cases, urgent first and then the oldest. */
export function InboxPage({ county, name, inbox, villages, csrf }: InboxProps) {
  const t = officerText(county.locale).inbox;
  return (
    <BarePage locale={county.locale} title={t.inbox} app>
      <h1>
        {t.inbox}
        {inbox ? `（${inbox.cases.length}${inbox.more ? '+' : ''}）` : ''}
      </h1>
      <p class="note">
        {t.signedInAs}：{name} · <a href={INBOX_PATH}>{t.reload}</a>
      </p>
      {!inbox ? (
        <p class="card">
          {t.wide} <a href="/admin/cases/">{t.console}</a>
        </p>
      ) : inbox.cases.length === 0 ? (
        <p class="card">{t.none}</p>
      ) : (
        <>
          <ol class="inbox">
            {inbox.cases.map((item) => (
              <Line county={county} villages={villages} item={item} />
            ))}
          </ol>
          {inbox.more && (
            <p class="note">
              {t.more} <a href="/admin/cases/">{t.console}</a>
            </p>
          )}
        </>
      )}
      <form method="post" action="/o/logout">
        <input type="hidden" name="csrf" value={csrf} />
        <button class="button secondary" type="submit">
          {t.signOut}
        </button>
      </form>
    </BarePage>
  );
}
