// Focus must never fall to the page's body: a keyboard or screen-reader user would be thrown
// back to the start of the window. When the element holding focus goes away (a dialog closes
// and its opener is gone, a button disappears because its item moved on), focus lands on the
// current screen's heading instead.
import { useLayoutEffect, useRef, type RefObject } from 'react';

/** The current screen's heading (every screen has one, focusable by script). */
export function focusViewHeading(): void {
  document.querySelector<HTMLElement>('.view .view-title')?.focus();
}

/** True when nothing meaningful holds focus: the body, or an element no longer in the page. */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected;
}

/**
 * Moves focus to the screen's heading when the element behind `ref` is removed while it (or
 * something inside it) has focus. A layout effect: its cleanup runs while the element is still
 * in the page, so it can tell whether focus was inside.
 */
export function useFocusRescue<T extends HTMLElement>(): RefObject<T | null> {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    return () => {
      if (!element?.contains(document.activeElement)) return;
      // After React has removed it: only then is the heading the next sensible place.
      queueMicrotask(() => {
        if (focusIsLost()) focusViewHeading();
      });
    };
  }, []);
  return ref;
}
