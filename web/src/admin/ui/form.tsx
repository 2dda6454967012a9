/** @jsxImportSource hono/jsx */
/**
 * The console's form parts, the same whether Astro renders a page's shell or the browser draws a form
 * (the roster's edit dialog): a labelled field with its error line, the end of a form (its error box
 * and submit button), a case action's hidden form and the month picker. Errors land in them through
 * web/src/admin/forms.ts (`data-error-for` = the field's name, `data-form-error` for the rest).
 */
import type { Child, JSX } from 'hono/jsx';
import { said, type Key, type Params } from '../words.ts';

type ControlAttrs = JSX.IntrinsicElements['input'] & JSX.IntrinsicElements['textarea'] & JSX.IntrinsicElements['select'];

interface FieldProps {
  /** The control's id; the hint and error ids derive from it. */
  readonly id: string;
  /** The control's name, also what the error line is for. Without it no error line. */
  readonly name?: string;
  /** The label's dictionary key, or the label itself when the browser draws the field. */
  readonly label: Key | { readonly text: string };
  /** Which control. @default 'input' */
  readonly control?: 'input' | 'textarea' | 'select';
  /** A hint under the control (dictionary key). */
  readonly hint?: Key;
  /** Parameters of the hint. */
  readonly hintParams?: Params;
  /** The label as the form's heading (`<h3>`), outside the field. @default false */
  readonly heading?: boolean;
  /** A select's options (dictionary keys), before any children. */
  readonly options?: readonly { readonly value: string; readonly label: Key }[];
  /** Whether the field has an error line (needs `name`). @default true */
  readonly errors?: boolean;
  /** Ids of other elements that describe the control (a hint shared by several fields). */
  readonly describedBy?: string;
  /** The control's other attributes (type, maxlength, rows, required, autocomplete, value, …). */
  readonly attrs?: ControlAttrs;
  /** A select's other options. */
  readonly children?: Child;
}

/**
 * One labelled form field: the label, the control (input, textarea or select), an optional hint and the
 * error line, tied to the control with `aria-describedby`.
 */
export function Field({ id, name, label, control = 'input', hint, hintParams, heading = false, options = [], errors = true, describedBy: others, attrs = {}, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = name && errors ? `${id}-error` : undefined;
  const describedBy = [others, hintId, errorId].filter(Boolean).join(' ') || undefined;
  const labelEl = <label for={id} {...(typeof label === 'string' ? said(label) : { children: label.text })} />;
  const Control = control;
  return (
    <>
      {heading && <h3>{labelEl}</h3>}
      <div class="field">
        {!heading && labelEl}
        {Control === 'input' ? (
          <input id={id} name={name} aria-describedby={describedBy} {...attrs} />
        ) : (
          <Control id={id} name={name} aria-describedby={describedBy} {...attrs}>
            {options.map((o) => (
              <option value={o.value} {...said(o.label)} />
            ))}
            {children}
          </Control>
        )}
        {hint && <p class="note" id={hintId} {...said(hint, hintParams)} />}
        {errorId && <ErrorLine id={errorId} name={name!} />}
      </div>
    </>
  );
}

/** The line that says what is wrong with the field `name` (hidden until then). */
export function ErrorLine({ id, name }: { readonly id: string; readonly name: string }) {
  return <p class="error" id={id} data-error-for={name} hidden></p>;
}

interface FormEndProps {
  /** The button's dictionary key. */
  readonly submit: Key;
  /** A secondary (outlined) button. @default false */
  readonly secondary?: boolean;
  /** The button's id. */
  readonly buttonId?: string;
  /** Other buttons beside it. */
  readonly children?: Child;
}

/** The end of every console form: the line for an error about the whole form, and its submit button. */
export function FormEnd({ submit, secondary = false, buttonId, children }: FormEndProps) {
  const button = <button class={secondary ? 'button secondary' : 'button'} type="submit" id={buttonId} {...said(submit)} />;
  return (
    <>
      <p class="error" data-form-error="" role="alert" hidden></p>
      {children ? (
        <div class="actions-row">
          {button}
          {children}
        </div>
      ) : (
        button
      )}
    </>
  );
}

interface ActionFormProps {
  /** The action the form posts (`data-action`). */
  readonly action: string;
  /** For `status`: the status it sets. */
  readonly status?: string;
  /** A heading (`<h3>`) above the fields. */
  readonly heading?: Key;
  /** The submit button's dictionary key. */
  readonly submit: Key;
  /** A secondary (outlined) button. @default true */
  readonly secondary?: boolean;
  readonly children?: Child;
}

/**
 * One action on a case (web/src/admin/pages/case.ts shows the ones the person may take): a hidden form
 * keyed by `data-action`, its fields, then the form's error line and submit button.
 */
export function ActionForm({ action, status, heading, submit, secondary = true, children }: ActionFormProps) {
  return (
    <form data-action={action} data-status={status} hidden novalidate>
      {heading && <h3 {...said(heading)} />}
      {children}
      <FormEnd submit={submit} secondary={secondary} />
    </form>
  );
}

/** The month picker of the assessment and audit pages (web/src/admin/month.ts). */
export function MonthForm() {
  return (
    <form id="month-form" class="card" novalidate>
      <Field id="month" name="month" label="month" attrs={{ type: 'month', required: true }} />
      <FormEnd submit="show" />
    </form>
  );
}

interface ChoiceProps {
  /** The control's attributes (type radio or checkbox, name, value, id, checked…). */
  readonly input: JSX.IntrinsicElements['input'];
  /** The words beside it. */
  readonly label: Key;
  /** Across the whole row of a grid of fields. @default false */
  readonly wide?: boolean;
}

/** A radio button or checkbox with its words beside it. */
export function Choice({ input, label, wide = false }: ChoiceProps) {
  return (
    <label class={wide ? 'choice wide' : 'choice'}>
      <input {...input} />
      <span {...said(label)} />
    </label>
  );
}

