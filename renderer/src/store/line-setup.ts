// "Set up" on a line that has no card yet (History's "No card yet"): the New card form, on that
// line, as if it had been chosen in the phone field's line picker.
import type { Line } from '../../../shared/lines.schema.ts';
import { chooseLine } from './card-form.ts';
import { navigate } from './view.ts';

export function setUpLine(line: Line, display: string): void {
  void chooseLine(line, display);
  navigate('card');
}
