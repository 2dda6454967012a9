/** The month picker of the assessment and audit pages: `?month=` in the URL, the county's current month by default. */
import { api, errorText } from './api.ts';
import { byId } from './dom.ts';
import { clearErrors, fieldError, focusFirstError, showError } from './forms.ts';
import { monthNow } from './format.ts';
import { t } from './lang.ts';
import { status, statusText } from './shell.ts';

export function monthPicker(onMonth: (month: string) => void): string {
  const form = byId<HTMLFormElement>('month-form');
  const input = form.elements.namedItem('month') as HTMLInputElement;
  const asked = new URLSearchParams(location.search).get('month') ?? '';
  input.value = /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : monthNow();
  input.max = monthNow();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.value)) {
      fieldError(form, 'month', t('required'));
      return focusFirstError(form);
    }
    history.replaceState(null, '', input.value === monthNow() ? location.pathname : `?month=${input.value}`);
    onMonth(input.value);
  });
  return input.value;
}

/**
 * Asks the admin API for a month's answer (`path`, below /api/v1) and shows it; an error is said in the
 * status line while nothing is shown yet, and beside the month picker once a month is on the page.
 */
export async function showMonth<T>(path: string, show: (answer: T) => void): Promise<void> {
  status('loading');
  try {
    const answer = await api<T>(path);
    byId('content').hidden = false;
    status();
    show(answer);
  } catch (error) {
    if (byId('content').hidden) statusText(errorText(error));
    else {
      status();
      showError(byId('month-form'), error);
    }
  }
}
