// One number in the history list: its number, the name on its card (or pending), its state
// and when it last changed. Rows are not interactive: actions live in the detail pane.
import type { CardRow } from '../../../../shared/card-history.ts';
import { fullName } from '../../lib/names.ts';
import { relativeTime } from '../../lib/time.ts';
import { PhotoThumbnail } from './PhotoThumbnail.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function CardListRow({
  row,
  now,
  format,
}: {
  row: CardRow | undefined;
  now: number;
  format: (e164: string) => string;
}) {
  if (!row) {
    return (
      <>
        <span className="virtual-list-placeholder" aria-hidden="true" />
        <span className="visually-hidden">Loading…</span>
      </>
    );
  }
  const name =
    fullName(row.pending?.firstName ?? row.firstName, row.pending?.lastName ?? row.lastName) ||
    'No name yet';
  return (
    <>
      {row.photoSha256 ? (
        <PhotoThumbnail sha256={row.photoSha256} />
      ) : (
        <span className="thumbnail thumbnail-empty" aria-hidden="true" />
      )}
      <span className="card-row-number">{format(row.phoneNumber)}</span>
      <span className="card-row-name">{name}</span>
      <StatusBadge status={row.status} />
      {row.origin === 'elsewhere' ? <span className="badge badge-neutral">Elsewhere</span> : null}
      <span className="card-row-time">{relativeTime(row.changedAt, now)}</span>
    </>
  );
}
