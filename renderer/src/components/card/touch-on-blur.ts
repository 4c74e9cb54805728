import type { FocusEvent } from 'react';
import { isLeavingForOwnButton } from '../../lib/blur.ts';
import type { CardField } from '../../lib/card-validation.ts';
import { touchField } from '../../store/card-form.ts';

/** Marks a field as visited (its errors show from then on) when the focus leaves it. */
export function touchOnBlur(field: CardField) {
  return (event: FocusEvent<HTMLInputElement>) => {
    if (!isLeavingForOwnButton(event)) touchField(field);
  };
}
