// Under the phone field: how fresh the list of the account's lines is, why it could not be
// refreshed (the cached list stays usable offline), and the action that reads it again.
import { relativeTime, useNow } from '../../lib/time.ts';
import { refreshLines, useLines } from '../../store/lines.ts';
import { Spinner } from '../Icons.tsx';

function Freshness() {
  const list = useLines((state) => state.list);
  const loadError = useLines((state) => state.loadError);
  const refreshError = useLines((state) => state.refreshError);
  const now = useNow();
  if (loadError) {
    return <span className="field-error">Your lines could not be read: {loadError.message}</span>;
  }
  if (!list) return <span>Reading your lines…</span>;
  const count = list.lines.length;
  const updated = list.refreshedAt ? `updated ${relativeTime(list.refreshedAt, now)}` : null;
  const error = refreshError ?? list.error;
  if (error) {
    if (count === 0) {
      return (
        <span className="field-error">Your lines could not be read from Linq: {error.message}</span>
      );
    }
    return (
      <span>
        Showing the {count} {count === 1 ? 'line' : 'lines'} saved on this computer
        {updated ? ` (${updated})` : ''}. {error.message}
      </span>
    );
  }
  if (!list.refreshedAt) return <span>Your lines have not been read from Linq yet.</span>;
  return (
    <span>
      {count} {count === 1 ? 'line' : 'lines'} in your account · Updated{' '}
      {relativeTime(list.refreshedAt, now)}
    </span>
  );
}

export function LinesStatus({ id }: { id: string }) {
  const refreshing = useLines((state) => state.refreshing || (state.list?.refreshing ?? false));
  return (
    <div id={id} className="lines-status">
      <span role="status">
        {refreshing ? (
          <span>
            <Spinner /> Reading your lines from Linq…
          </span>
        ) : (
          <Freshness />
        )}
      </span>
      <button
        type="button"
        className="link-button"
        aria-disabled={refreshing}
        onClick={() => void refreshLines()}
      >
        Refresh lines
      </button>
    </div>
  );
}
