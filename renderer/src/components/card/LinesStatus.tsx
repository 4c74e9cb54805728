// The one line under the phone field: what the number will be sent as once it is valid, else how
// fresh the list of the account's lines is or why it could not be refreshed (the cached list
// stays usable offline); and the action that reads the lines again.
import type { AppError } from '../../../../shared/errors.schema.ts';
import type { LineList } from '../../../../shared/lines.schema.ts';
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

/**
 * What a screen reader is told as it happens: a refresh starting, its outcome. Not the age of
 * the list, which changes every minute and would be read out again each time.
 */
function announcement(refreshing: boolean, list: LineList | null, error: AppError | null): string {
  if (refreshing) return 'Reading your lines from Linq…';
  if (!list) return '';
  if (error) return `Your lines could not be read from Linq: ${error.message}`;
  if (!list.refreshedAt) return '';
  const count = list.lines.length;
  return `${count} ${count === 1 ? 'line' : 'lines'} in your account`;
}

export function LinesStatus({ id, sentAs }: { id: string; sentAs: string | null }) {
  const refreshing = useLines((state) => state.refreshing || (state.list?.refreshing ?? false));
  const list = useLines((state) => state.list);
  const error = useLines(
    (state) => state.loadError ?? state.refreshError ?? state.list?.error ?? null,
  );
  return (
    <>
      <div id={id} className="lines-status">
        <span>
          {refreshing ? (
            <span>
              <Spinner /> Reading your lines from Linq…
            </span>
          ) : sentAs ? (
            <span className="field-status">Will be sent as {sentAs}</span>
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
      {/* Outside the field's description, which already says all of this. */}
      <span className="visually-hidden" role="status" data-testid="lines-announcement">
        {announcement(refreshing, list, error)}
      </span>
    </>
  );
}
