/** Finds where focus should go when a dialog closes; nothing found leaves Radix's default (the element that opened it). */
export type ReturnFocus = () => HTMLElement | null | undefined;

export const focusOnClose = (returnFocus?: ReturnFocus) => (event: Event) => {
  const target = returnFocus?.();
  if (!target) return;
  event.preventDefault();
  target.focus();
};
