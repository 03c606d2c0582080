import { useState } from 'react';
import type { FormError, FormField } from '../api/messages';

export const errorOn = (errors: FormError[], field: FormField) => errors.find((e) => e.field === field)?.message;

/** A dialog form's errors, and a counter that changes with each failed submission so focus can move to the first. */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const show = (next: FormError[]) => {
    setErrors(next);
    if (next.length) setAttempt((n) => n + 1);
  };
  return {
    errors,
    attempt,
    show,
    formError:
      errors
        .filter((e) => e.field === 'form')
        .map((e) => e.message)
        .join(' ') || undefined,
    /** Shows what a check found before sending, or clears the errors and sends. */
    submit(found: FormError | null, send: () => void) {
      show(found ? [found] : []);
      if (!found) send();
    },
  };
}
