/**
 * The answer to a form post with bad fields that has no report form to go back to (no known `kind`,
 * an unreadable body, photos over the size limit): what was wrong with each field, in the page's
 * language, and the way home. A bare page: it needs none of the site's header.
 */
import type { Locale } from '../domain/county.ts';
import { messages } from '../messages/site.ts';
import { BarePage } from './BarePage.tsx';

interface Props {
  readonly locale: Locale;
  readonly errors: readonly { readonly field: string; readonly message: string }[];
}

export function ErrorsPage({ locale, errors }: Props) {
  const m = messages(locale).errorPage;
  const fields: Readonly<Record<string, string>> = m.fields;
  return (
    <BarePage locale={locale} title={m.title}>
      <h1>{m.title}</h1>
      <div class="card error" role="alert">
        <p>{m.intro}</p>
        <ul>
          {errors.map((e) => (
            <li>
              <strong>{fields[e.field] ?? e.field}</strong>: {e.message}
            </li>
          ))}
        </ul>
      </div>
      <p>{m.back}</p>
      <p>
        <a class="button secondary" href="/">
          {messages(locale).site.home}
        </a>
      </p>
    </BarePage>
  );
}
