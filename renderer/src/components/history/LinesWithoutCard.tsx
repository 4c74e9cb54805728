// History's "No card yet": the account's lines (from the line cache, so it works offline) that
// have no card in the history, each with "Set up". The fleet's to-do, in one list. An account
// has tens or hundreds of lines, not the history's 100,000 cards: a plain list is enough.
import { useEffect } from 'react';
import type { Line } from '../../../../shared/lines.schema.ts';
import { filterLines } from '../../lib/line-filter.ts';
import { usePhoneFormatter } from '../../lib/phone-rules.ts';
import { setUpLine } from '../../store/line-setup.ts';
import { loadLines, refreshLines, useLines } from '../../store/lines.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';
import { Spinner } from '../Icons.tsx';
import { ReputationBadge } from '../card/ReputationBadge.tsx';

/** The account's lines without a card that match the search, in the cache's order. */
export function useLinesWithoutCard(query: string): Line[] | null {
  const list = useLines((state) => state.list);
  useEffect(() => void loadLines(), []);
  if (!list) return null;
  return filterLines(
    list.lines.filter((line) => line.card === null),
    query,
  );
}

export function LinesWithoutCard({ query }: { query: string }) {
  const lines = useLinesWithoutCard(query);
  const list = useLines((state) => state.list);
  const loadError = useLines((state) => state.loadError);
  const refreshing = useLines((state) => state.refreshing || (state.list?.refreshing ?? false));
  const format = usePhoneFormatter();
  if (loadError) return <ErrorAlert error={loadError} title="The lines could not be read" />;
  if (!lines || !list) {
    return (
      <p className="muted list-message" role="status">
        <Spinner /> Loading the lines…
      </p>
    );
  }
  if (list.lines.length === 0) {
    return (
      <div className="list-message">
        <p className="muted">
          {list.refreshedAt
            ? 'Linq lists no lines for this account.'
            : 'The account’s lines have not been read from Linq yet.'}
        </p>
        <button
          type="button"
          className="button button-secondary button-small"
          aria-disabled={refreshing}
          onClick={() => void refreshLines()}
        >
          {refreshing ? <Spinner /> : null}
          Refresh lines
        </button>
      </div>
    );
  }
  if (lines.length === 0) {
    return (
      <p className="muted list-message">
        {query.trim() ? 'No line without a card matches.' : 'Every line has a card.'}
      </p>
    );
  }
  return (
    <ul className="lines-without-card" aria-label="Lines without a card">
      {lines.map((line) => {
        const display = format(line.phoneNumber);
        return (
          <li key={line.id} className="line-without-card">
            <span className="card-row-number">{display}</span>
            <span className="muted line-without-card-note">No card yet</span>
            <ReputationBadge reputation={line.reputation} />
            <button
              type="button"
              className="button button-secondary button-small"
              aria-label={`Set up a card for ${display}`}
              onClick={() => setUpLine(line, display)}
            >
              Set up
            </button>
          </li>
        );
      })}
    </ul>
  );
}
