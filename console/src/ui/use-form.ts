import { useState } from 'react';
import type { FormError } from '../api/messages';

/** A dialog form's errors, and a counter that changes with each failed submission so focus can move to the first. */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormError[]>([]);
  const [attempt, setAttempt] = useState(0);
  return {
    errors,
    attempt,
    show(next: FormError[]) {
      setErrors(next);
      if (next.length) setAttempt((n) => n + 1);
    },
    formError: errors.filter((e) => e.field === 'form').map((e) => e.message).join(' ') || undefined,
  };
}
