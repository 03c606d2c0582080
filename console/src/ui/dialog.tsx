import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, type ReactNode } from 'react';
import { useFocusReturn, type ReturnFocus } from './focus';

interface FormDialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description?: ReactNode;
  submitLabel?: string;
  pending: boolean;
  /** An error about the whole form rather than one field. */
  formError?: string;
  /** Changes with each failed submission, to move focus to the first field in error. */
  errorKey?: unknown;
  onSubmit(): void;
  /** Where focus goes on closing when the button that opened the dialog is gone (a menu item, a replaced button). */
  returnFocus?: ReturnFocus;
  children: ReactNode;
}

/** A modal form (Radix Dialog: focus is trapped and returned, Escape closes). */
export function FormDialog({
  open,
  onOpenChange,
  title,
  description,
  submitLabel = 'Save',
  pending,
  formError,
  errorKey,
  onSubmit,
  returnFocus,
  children,
}: FormDialogProps) {
  const form = useRef<HTMLFormElement>(null);
  const returnFocusOnClose = useFocusReturn(returnFocus);
  useEffect(() => {
    if (errorKey) form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }, [errorKey]);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content
          className="dialog"
          onCloseAutoFocus={returnFocusOnClose}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <Dialog.Title>{title}</Dialog.Title>
          {description && <Dialog.Description>{description}</Dialog.Description>}
          <form
            ref={form}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!pending) onSubmit();
            }}
          >
            {formError && (
              <div className="notice error" role="alert" tabIndex={-1}>
                <p>{formError}</p>
              </div>
            )}
            {children}
            <div className="actions">
              <Dialog.Close asChild>
                <button type="button" className="secondary">
                  Cancel
                </button>
              </Dialog.Close>
              <button type="submit" aria-disabled={pending || undefined}>
                {submitLabel}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
