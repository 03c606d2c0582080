import * as AlertDialog from '@radix-ui/react-alert-dialog';
import type { ReactNode } from 'react';
import { useFocusReturn, type ReturnFocus } from './focus';

interface ConfirmProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error?: string;
  onConfirm(): void;
  returnFocus?: ReturnFocus;
}

/** A confirmation (Radix AlertDialog: Cancel has focus first, Escape cancels); stays open until the server answers. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  danger,
  pending,
  error,
  onConfirm,
  returnFocus,
}: ConfirmProps) {
  const returnFocusOnClose = useFocusReturn(returnFocus);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="overlay" />
        <AlertDialog.Content className="dialog" onCloseAutoFocus={returnFocusOnClose}>
          <AlertDialog.Title>{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div>{children}</div>
          </AlertDialog.Description>
          {error && (
            <div className="notice error" role="alert">
              <p>{error}</p>
            </div>
          )}
          <div className="actions">
            <AlertDialog.Cancel asChild>
              <button type="button" className="secondary">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <button
              type="button"
              className={danger ? 'danger' : undefined}
              aria-disabled={pending || undefined}
              onClick={() => !pending && onConfirm()}
            >
              {confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
