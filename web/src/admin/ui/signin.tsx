/** @jsxImportSource hono/jsx */
/** /admin/: sign in with a one-time code sent by SMS to a phone on the roster (web/src/admin/pages/signin.ts). */
import type { County } from '../../../../functions/domain/county.ts';
import { said } from '../words.ts';
import { ConsoleDocument } from './ConsoleDocument.tsx';
import { Field, FormEnd } from './form.tsx';

export function SignIn({ county }: { readonly county: County }) {
  return (
    <ConsoleDocument title="signinTitle" page="signin" county={county}>
      <h1 {...said('signinTitle')} />
      <p {...said('signinIntro')} />
      <form id="code-form" class="card" novalidate>
        <Field id="phone" name="phone" label="phone" hint="phoneHint" attrs={{ type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: 20, required: true }} />
        <FormEnd submit="sendCode" buttonId="send-code" />
      </form>
      <form id="verify-form" class="card" novalidate hidden>
        <p id="code-sent" role="status"></p>
        <Field id="code" name="code" label="code" hint="codeHint" attrs={{ type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true }} />
        <FormEnd submit="signIn" buttonId="sign-in" />
      </form>
    </ConsoleDocument>
  );
}
