// Keyboard shortcuts: Ctrl/Cmd+1 to 5 switch screens, Ctrl/Cmd+Enter submits the form in use.
import { useEffect } from 'react';
import { VIEWS, navigate, useView } from '../store/view.ts';

export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.userAgent);

/** How a Ctrl/Cmd shortcut is written on this platform: "⌘1" or "Ctrl+1". */
export function shortcutText(key: string): string {
  return IS_MAC ? `⌘${key === 'Enter' ? '↩' : key}` : `Ctrl+${key}`;
}

/** The same shortcut in aria-keyshortcuts syntax. */
export function ariaShortcut(key: string): string {
  return `${IS_MAC ? 'Meta' : 'Control'}+${key}`;
}

/** The form that Ctrl/Cmd+Enter submits: the one holding the focus, else the screen's main one. */
function formToSubmit(): HTMLFormElement | null {
  const active = document.activeElement;
  const focused = active instanceof HTMLElement ? active.closest('form') : null;
  // Under a modal dialog only a form inside the dialog may be submitted.
  const dialog = document.querySelector('dialog[open]');
  if (dialog) return focused && dialog.contains(focused) ? focused : null;
  if (focused) return focused;
  return document.querySelector<HTMLFormElement>('form[data-primary-form]');
}

function onKeyDown(event: KeyboardEvent): void {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
  if (event.key === 'Enter') {
    const form = formToSubmit();
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
    return;
  }
  // A modal dialog asks for a decision first; do not switch screens under it.
  if (document.querySelector('dialog[open]')) return;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1] ?? event.key;
  const target = VIEWS.find((item) => item.shortcut === digit);
  if (target) {
    event.preventDefault();
    if (useView.getState().view !== target.view) navigate(target.view);
  }
}

export function useGlobalShortcuts(): void {
  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
