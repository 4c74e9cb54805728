// One number in the history list: its number, the name on its card (or pending), its state
// and when it last changed. Rows are not interactive: actions live in the detail pane.
import type { CardRow } from '../../../../shared/card-history.schema.ts';
import type { OutboxItem } from '../../../../shared/outbox.schema.ts';
import { fullName } from '../../lib/names.ts';
import { historyNote } from '../../lib/outbox-text.ts';
import { relativeTime } from '../../lib/time.ts';
import { CardPhoto } from './PhotoThumbnail.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function CardListRow({
  row,
  now,
  format,
  open,
}: {
  row: CardRow | undefined;
  now: number;
  format: (e164: string) => string;
  /** The number's newest unfinished outbox item, from the snapshot. */
  open?: OutboxItem | undefined;
}) {
  if (!row) {
    return (
      <>
        <span className="virtual-list-placeholder" aria-hidden="true" />
        <span className="visually-hidden">Loading…</span>
      </>
    );
  }
  const note = historyNote(open, now);
  const firstName = row.pending?.firstName ?? row.firstName;
  const lastName = row.pending?.lastName ?? row.lastName;
  const name = fullName(firstName, lastName) || 'No name yet';
  return (
    <>
      {/* A card set up elsewhere shows the photo Linq serves (through main), as the detail does. */}
      <CardPhoto
        sha256={row.photoSha256}
        imageUrl={row.imageUrl}
        firstName={firstName}
        lastName={lastName}
        size="small"
        alt="Card photo"
      />
      <span className="card-row-number">{format(row.phoneNumber)}</span>
      <span className="card-row-name">{name}</span>
      {note ? (
        <span className={`badge badge-${note.tone}`} title={note.line}>
          {note.label}
        </span>
      ) : (
        <StatusBadge status={row.status} />
      )}
      {/* A note (not active yet, a wait) matters more: the origin stays in the detail pane, so
          the name is not squeezed out of the row by two badges. */}
      {row.origin === 'elsewhere' && !note ? (
        <span className="badge badge-neutral card-row-origin">Elsewhere</span>
      ) : null}
      <span className="card-row-time">{relativeTime(row.changedAt, now)}</span>
    </>
  );
}
