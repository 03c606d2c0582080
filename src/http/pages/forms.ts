import { html, type Html } from './html.js';

/** A form's errors: by field name, plus messages about the form as a whole under `''`. */
export type FormErrors = Map<string, string>;

export const noErrors = (): FormErrors => new Map();
export const errorsOf = (entries: [field: string, message: string][]): FormErrors => new Map(entries);

export interface FieldSpec {
  name: string;
  /** Unique on the page (two forms may both have an `identifier`). */
  id: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete: string;
  value?: string;
  hint?: string;
  required?: boolean;
  inputmode?: 'numeric' | 'email' | 'tel';
  autofocus?: boolean;
}

/** The label, hint and error above a control, and the attributes that tie them to it. */
function labelled(spec: Pick<FieldSpec, 'name' | 'id' | 'label' | 'hint'>, errors: FormErrors, control: (aria: Html) => Html): Html {
  const error = errors.get(spec.name);
  const hintId = spec.hint ? `${spec.id}-hint` : undefined;
  const errorId = error ? `${spec.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const aria = html`${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}`;
  return html`<div class="field">
    <label for="${spec.id}">${spec.label}</label>
    ${spec.hint ? html`<p class="hint" id="${hintId}">${spec.hint}</p>` : ''}
    ${error ? html`<p class="field-error" id="${errorId}">${error}</p>` : ''} ${control(aria)}
  </div>`;
}

/** A labelled input; in error it says so with aria-invalid and points at its message with aria-describedby. */
export function field(spec: FieldSpec, errors: FormErrors): Html {
  return labelled(
    spec,
    errors,
    (aria) =>
      html`<input
        id="${spec.id}"
        name="${spec.name}"
        type="${spec.type ?? 'text'}"
        autocomplete="${spec.autocomplete}"
        ${attr('value', spec.value)}${attr('inputmode', spec.inputmode)}${flag('required', spec.required)}${flag('autofocus', spec.autofocus)}${aria}
      />`,
  );
}

export interface SelectSpec extends Pick<FieldSpec, 'name' | 'id' | 'label' | 'hint' | 'autocomplete' | 'value'> {
  /** The first option, chosen when nothing else is. */
  none: string;
  options: readonly { code: string; label: string }[];
}

/** A labelled select, in error the same way as `field`. */
export function selectField(spec: SelectSpec, errors: FormErrors): Html {
  const options = spec.options.map(
    (option) => html`<option value="${option.code}" ${flag('selected', option.code === spec.value)}>${option.label}</option>`,
  );
  return labelled(
    spec,
    errors,
    (aria) =>
      html`<select id="${spec.id}" name="${spec.name}" autocomplete="${spec.autocomplete}" ${aria}>
        <option value="">${spec.none}</option>
        ${options}
      </select>`,
  );
}

const attr = (name: string, value: string | undefined) => (value === undefined || value === '' ? '' : html` ${name}="${value}"`);
const flag = (name: string, on: boolean | undefined) => (on ? html` ${name}` : '');

/** Every error once, at the top, announced by screen readers; each links to its field. */
export function errorSummary(errors: FormErrors, idOf: (field: string) => string | undefined): Html {
  if (errors.size === 0) return html``;
  const items = [...errors].map(([name, message]) => {
    const id = name === '' ? undefined : idOf(name);
    return id ? html`<li><a href="#${id}">${message}</a></li>` : html`<li>${message}</li>`;
  });
  return html`<div class="error-summary" role="alert">
    <h2>There is a problem</h2>
    <ul>
      ${items}
    </ul>
  </div>`;
}

export const hidden = (name: string, value: string | undefined) =>
  value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}" />`;
