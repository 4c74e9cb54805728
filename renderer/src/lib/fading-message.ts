// Success messages ("Key verified", "Key removed") say something once and then go: left on
// screen for minutes they read as the current state long after it may have changed. They stay
// while the pointer or the focus is on them (someone is reading, or about to press their
// button), and go once it leaves if their time is up.
import { useEffect, useRef, type FocusEvent } from 'react';

/** How long a success message stays on screen. */
export const SUCCESS_MESSAGE_MS = 6_000;

export interface FadeHandlers {
  onPointerEnter: () => void;
  onPointerLeave: () => void;
  onFocus: () => void;
  onBlur: (event: FocusEvent<HTMLElement>) => void;
}

/**
 * Calls `dismiss` SUCCESS_MESSAGE_MS after `message` appears (not while it is held by the
 * pointer or the focus); a null message, or a new one, starts over.
 */
export function useFadingMessage(message: unknown, dismiss: () => void): FadeHandlers {
  const held = useRef({ pointer: false, focus: false, due: false });
  const latest = useRef(dismiss);
  useEffect(() => {
    latest.current = dismiss;
  });

  useEffect(() => {
    held.current = { pointer: false, focus: false, due: false };
    if (message === null || message === undefined) return;
    const timer = window.setTimeout(() => {
      if (held.current.pointer || held.current.focus) held.current.due = true;
      else latest.current();
    }, SUCCESS_MESSAGE_MS);
    return () => window.clearTimeout(timer);
  }, [message]);

  function release(what: 'pointer' | 'focus'): void {
    held.current[what] = false;
    if (held.current.due && !held.current.pointer && !held.current.focus) latest.current();
  }
  return {
    onPointerEnter: () => {
      held.current.pointer = true;
    },
    onPointerLeave: () => release('pointer'),
    onFocus: () => {
      held.current.focus = true;
    },
    onBlur: (event) => {
      // Focus moving between the message's own buttons still holds it.
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) release('focus');
    },
  };
}
