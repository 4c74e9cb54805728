// A card before and after a change, field by field, with the fields that change marked: the
// decision dialog compares Linq's card with a submission, the card form the card being edited
// with the update about to be sent. One table, so both read the same.

export interface ComparisonRow {
  label: string;
  now: string | null;
  /** undefined: not sent, so the card keeps what it has. */
  next: string | null | undefined;
  changes: boolean;
}

function Value({ text }: { text: string | null | undefined }) {
  if (text === undefined) return <span className="muted">Kept as it is</span>;
  if (text === null || text === '') return <span className="muted">None</span>;
  return (
    <span className="compare-value" title={text}>
      {text}
    </span>
  );
}

interface CardComparisonProps {
  rows: readonly ComparisonRow[];
  /** False when the card now is not known: its column says so. */
  known: boolean;
  caption: string;
  nowHeading: string;
  nextHeading: string;
}

export function CardComparison({
  rows,
  known,
  caption,
  nowHeading,
  nextHeading,
}: CardComparisonProps) {
  return (
    // Named with aria-label: a visually hidden <caption> still takes up a line in Chromium.
    <table className="compare" aria-label={caption}>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">{nowHeading}</th>
          <th scope="col">{nextHeading}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label} className={row.changes ? 'compare-changed' : undefined}>
            <th scope="row">{row.label}</th>
            <td>{known ? <Value text={row.now} /> : <span className="muted">Unknown</span>}</td>
            <td>
              <Value text={row.next} />
              {row.changes ? <span className="badge badge-accent">Changes</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
