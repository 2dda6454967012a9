/** /admin/: phone → code by SMS → session cookie → back where the reader came from (or the case list). */
import { api, ApiError } from '../api.ts';
import { byId } from '../dom.ts';
import { busy, clearErrors, fieldError, focusFirstError, showError } from '../forms.ts';
import { initLang, setT, t } from '../lang.ts';

initLang();

const PHONE = /^(\+[1-9]\d{6,14}|1\d{10})$/;
const codeForm = byId<HTMLFormElement>('code-form');
const verifyForm = byId<HTMLFormElement>('verify-form');
const phoneInput = byId<HTMLInputElement>('phone');
const codeInput = byId<HTMLInputElement>('code');
const sendButton = byId<HTMLButtonElement>('send-code');
const signInButton = byId<HTMLButtonElement>('sign-in');

/** Only a page of the console itself, never another site. */
const asked = new URLSearchParams(location.search).get('next') ?? '';
const next = /^\/admin\/[a-z]/.test(asked) && !/[\\]|\/\//.test(asked) ? asked : '/admin/cases/';

// Already signed in: straight on.
fetch('/api/v1/admin/me', { credentials: 'same-origin', cache: 'no-store' })
  .then((res) => {
    if (res.ok) location.replace(next);
  })
  .catch(() => undefined);

let sentTo = '';

codeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(codeForm);
  const phone = phoneInput.value.replace(/[\s-]/g, '');
  if (!PHONE.test(phone)) {
    fieldError(codeForm, 'phone', t('phoneInvalid'));
    focusFirstError(codeForm);
    return;
  }
  const label = sendButton.dataset.t === 'resendCode' ? 'resendCode' : 'sendCode';
  setT(sendButton, 'sending');
  await busy(codeForm, async () => {
    try {
      const sent = await api<{ expiresInMinutes: number }>('/admin/login/code', { json: { phone } });
      sentTo = phone;
      verifyForm.hidden = false;
      clearErrors(verifyForm);
      setT(byId('code-sent'), 'codeSent', { phone, minutes: sent.expiresInMinutes });
      setT(sendButton, 'resendCode');
      codeInput.value = '';
      codeInput.focus();
    } catch (error) {
      setT(sendButton, label);
      showError(codeForm, error);
    }
  });
});

verifyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(verifyForm);
  const code = codeInput.value.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) {
    fieldError(verifyForm, 'code', t('codeInvalid'));
    focusFirstError(verifyForm);
    return;
  }
  setT(signInButton, 'signingIn');
  await busy(verifyForm, async () => {
    try {
      await api('/admin/login/verify', { json: { phone: sentTo, code } });
      location.assign(next);
    } catch (error) {
      setT(signInButton, 'signIn');
      if (error instanceof ApiError && error.status === 401) {
        fieldError(verifyForm, 'code', t('wrongCode'));
        focusFirstError(verifyForm);
      } else showError(verifyForm, error);
    }
  });
});
