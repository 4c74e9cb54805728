// Before an update is sent: the card as Linq last confirmed it next to what the form will make
// of it, the same table the decision dialog shows. Only the fields marked "Changes" are sent.
import type { Card } from '../../../../shared/card.schema.ts';
import type { CardFormValues } from '../../lib/card-validation.ts';
import { CardComparison, type ComparisonRow } from '../CardComparison.tsx';

export function updateRows(
  base: Card,
  values: CardFormValues,
  newPhoto: string | null,
): ComparisonRow[] {
  const first = values.firstName.trim();
  const last = values.lastName.trim();
  const url = values.imageUrl.trim();
  const photoNext = newPhoto !== null ? `New photo: ${newPhoto}` : url !== '' ? url : undefined;
  return [
    {
      label: 'First name',
      now: base.firstName,
      next: first,
      changes: first !== base.firstName,
    },
    {
      label: 'Last name',
      now: base.lastName ?? null,
      next: last,
      changes: last !== (base.lastName ?? ''),
    },
    {
      label: 'Photo',
      now: base.imageUrl ?? null,
      next: photoNext === base.imageUrl ? undefined : photoNext,
      changes: photoNext !== undefined && photoNext !== base.imageUrl,
    },
  ];
}

export function UpdateComparison({
  base,
  values,
  newPhoto,
}: {
  base: Card;
  values: CardFormValues;
  /** The name of a newly chosen photo file, if any. */
  newPhoto: string | null;
}) {
  const table = updateRows(base, values, newPhoto);
  const count = table.filter((row) => row.changes).length;
  return (
    <section className="update-compare" aria-labelledby="update-compare-title">
      <h4 id="update-compare-title" className="update-compare-title">
        {count === 0
          ? 'No changes yet: the card already has these details'
          : `This update changes ${count === 1 ? '1 field' : `${count} fields`}`}
      </h4>
      <CardComparison
        rows={table}
        known
        caption="The card now and after this update"
        nowHeading="On the card now"
        nextHeading="After this update"
      />
    </section>
  );
}

/** The changes in one line, for the action bar: "Last name: Store → Downtown". */
export function UpdateSummary({
  base,
  values,
  newPhoto,
}: {
  base: Card;
  values: CardFormValues;
  newPhoto: string | null;
}) {
  const changed = updateRows(base, values, newPhoto).filter((row) => row.changes);
  const shown = (text: string | null | undefined) => (text ? `“${text}”` : 'none');
  const text =
    changed.length === 0
      ? 'Nothing changed yet'
      : changed
          .map((row) =>
            row.label === 'Photo'
              ? newPhoto !== null
                ? 'Photo: a new one'
                : 'Photo: a new address'
              : `${row.label}: ${shown(row.now)} → ${shown(row.next)}`,
          )
          .join(' · ');
  return (
    <p className="form-actions-summary" title={text}>
      {text}
    </p>
  );
}
