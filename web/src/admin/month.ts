/** The month picker of the assessment and audit pages: `?month=` in the URL, the county's current month by default. */
import { byId } from './dom.ts';
import { clearErrors, fieldError, focusFirstError } from './forms.ts';
import { monthNow } from './format.ts';
import { t } from './lang.ts';

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
