import { useRef } from 'react';

/** Where focus goes when a dialog closes and the element that opened it is gone (a menu item, a replaced button). */
export type ReturnFocus = () => HTMLElement | null | undefined;

/**
 * Our dialogs open from plain buttons and menu items, not Radix triggers, so Radix has nowhere to return focus: the
 * element focused when the dialog first rendered gets it back, or the fallback when that element has left the page.
 */
export function useFocusReturn(fallback?: ReturnFocus) {
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  return (event: Event) => {
    event.preventDefault();
    const target = opener.current?.isConnected ? opener.current : fallback?.();
    target?.focus();
  };
}
