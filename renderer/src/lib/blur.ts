import type { FocusEvent } from 'react';

/**
 * True when the focus leaves a field for a button of the same form. Showing the field's error
 * then would shift that button away on mousedown, before the click lands; and the click (a
 * submit) shows every error anyway.
 */
export function isLeavingForOwnButton(event: FocusEvent<HTMLInputElement>): boolean {
  const next = event.relatedTarget;
  return next instanceof HTMLButtonElement && next.form === event.currentTarget.form;
}
