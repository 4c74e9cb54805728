// The popup of the phone field's line picker: the account's lines that match what is typed,
// each with its number, whether it has a card (name and state) and its reputation. Options
// are not focusable: the focus stays in the field and aria-activedescendant points here.
import type { Line } from '../../../../shared/lines.schema.ts';
import { fullName } from '../../lib/names.ts';
import { STATUS_LABELS } from '../history/StatusBadge.tsx';
import { ReputationBadge } from './ReputationBadge.tsx';

export function lineOptionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

function CardText({ card }: { card: Line['card'] }) {
  if (!card) return <span className="line-option-card muted">No card yet</span>;
  const status = STATUS_LABELS[card.status];
  return (
    <span className="line-option-card">
      <span className="line-option-name">
        {fullName(card.firstName, card.lastName) || 'Card without a name'}
      </span>
      <span className={`badge badge-${status.tone}`}>{status.text}</span>
    </span>
  );
}

interface LineOptionsProps {
  id: string;
  lines: readonly Line[];
  activeIndex: number | null;
  format: (e164: string) => string;
  onChoose: (line: Line) => void;
}

export function LineOptions({ id, lines, activeIndex, format, onChoose }: LineOptionsProps) {
  return (
    <ul id={id} className="combobox-popup" role="listbox" aria-label="Your lines">
      {lines.map((line, index) => (
        <li
          key={line.id}
          id={lineOptionId(id, index)}
          className="line-option"
          role="option"
          aria-selected={index === activeIndex}
          // Keeps the focus in the field (a click would blur it and close the list first).
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onChoose(line)}
        >
          <span className="line-option-number">{format(line.phoneNumber)}</span>
          <CardText card={line.card} />
          <ReputationBadge reputation={line.reputation} />
        </li>
      ))}
    </ul>
  );
}
