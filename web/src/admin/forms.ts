/**
 * Errors next to the fields they are about: `<p class="error" data-error-for="name" hidden>` beside
 * the control named `name`, marked aria-invalid; whatever no field explains goes to the form's
 * `[data-form-error]` box (role="alert").
 */
import { ApiError, errorText } from './api.ts';
import { t } from './lang.ts';

export function clearErrors(form: HTMLElement): void {
  for (const el of form.querySelectorAll<HTMLElement>('[data-error-for], [data-form-error]')) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** Shows `message` beside the field; false when the form has no place for that field. */
export function fieldError(form: HTMLElement, field: string, message: string): boolean {
  const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
  if (!slot) return false;
  slot.textContent = message;
  slot.hidden = false;
  form.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
  return true;
}

export function formError(form: HTMLElement, message: string): void {
  const box = form.querySelector<HTMLElement>('[data-form-error]');
  if (!box) return;
  box.textContent = message;
  box.hidden = false;
}

/** Moves focus to the first field marked invalid, or to the form's error box. */
export function focusFirstError(form: HTMLElement): void {
  const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-form-error]:not([hidden])');
  if (target) {
    if (!target.matches('input, select, textarea, button')) target.tabIndex = -1;
    target.focus();
  }
}

/** Shows an API error on a form: field problems beside their fields, the rest in the box. */
export function showError(form: HTMLElement, error: unknown, rename: Readonly<Record<string, string>> = {}): void {
  const leftover: string[] = [];
  if (error instanceof ApiError && error.status === 400 && error.problem.errors?.length) {
    for (const e of error.problem.errors) if (!fieldError(form, rename[e.field] ?? e.field, e.message)) leftover.push(`${e.field}: ${e.message}`);
  } else leftover.push(errorText(error));
  if (leftover.length) formError(form, leftover.join(' '));
  focusFirstError(form);
}

/** Client-side checks before sending: required and length. Returns true when all fields pass. */
export function checkText(form: HTMLElement, name: string, min: number, max: number): boolean {
  const el = form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
  const value = el?.value.trim() ?? '';
  if (!value) return !fieldError(form, name, t('required'));
  if (value.length < min) return !fieldError(form, name, t('tooShort', { n: min }));
  if (value.length > max) return !fieldError(form, name, t('tooLong', { n: max }));
  return true;
}

/** Disables a form's buttons while a request runs. */
export async function busy<T>(form: HTMLElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
  for (const b of buttons) b.disabled = true;
  try {
    return await work();
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
