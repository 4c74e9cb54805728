// The strip at the bottom of the window: whether Linq can be reached, what the outbox holds,
// when the next attempt is due, and why sending is paused, with the one action that helps.
import { connectionWords } from '../lib/connection-status-text.ts';
import {
  countsText,
  dueIn,
  pauseReason,
  pendingCount,
  withoutTryAgain,
} from '../lib/outbox-text.ts';
import { heldText } from '../lib/rollout-text.ts';
import { useNow } from '../lib/time.ts';
import { useMainState } from '../store/main-state.ts';
import { checkConnection, useOutboxUi } from '../store/outbox.ts';
import { navigate, openKeySettings, useView } from '../store/view.ts';
import { Spinner } from './Icons.tsx';

export function StatusBar() {
  const status = useMainState((state) => state.outbox?.status ?? null);
  const rollouts = useMainState((state) => state.outbox?.rollouts);
  const keyStatus = useMainState((state) => state.keyStatus);
  const keyError = useMainState((state) => state.keyError);
  const onSettings = useView((state) => state.view === 'settings');
  const checking = useOutboxUi((state) => state.checking);
  const now = useNow(1_000);
  if (!status) return null;
  const connection = connectionWords(status, keyStatus, keyError);
  const summary = [countsText(status.counts), heldText(rollouts ?? [])].filter(Boolean).join(' · ');
  const next = pendingCount(status.counts) > 0 ? dueIn(status.nextAttemptAt, now) : null;
  // The app checks again by itself (and "Try now" is beside it): no "then try again".
  const why = status.unreachableReason ? withoutTryAgain(status.unreachableReason.message) : '';
  return (
    <footer className="status-bar" aria-label="Connection and outbox">
      <span className={`status-connection status-${connection.tone}`}>
        <span className="status-dot" aria-hidden="true" />
        <span role="status" title={why || undefined}>
          {connection.text}
        </span>
        {connection.keyAction && !status.pausedBy && !onSettings ? (
          <button type="button" className="link-button" onClick={() => openKeySettings()}>
            Open API key settings
          </button>
        ) : null}
      </span>
      {status.pausedBy ? (
        <span className="status-paused" role="alert">
          Sending paused: {pauseReason(status.pausedBy)}
          <button
            type="button"
            className="link-button"
            onClick={() => openKeySettings(status.pausedBy ?? undefined)}
          >
            Open API key settings
          </button>
        </span>
      ) : null}
      <span className="status-counts">
        {summary ? (
          <button type="button" className="link-button" onClick={() => navigate('outbox')}>
            {summary}
          </button>
        ) : (
          <span className="muted">Nothing waiting</span>
        )}
        {next && !status.pausedBy ? (
          <span className="muted">
            {' '}
            · {status.connection === 'unreachable' ? 'next check' : 'next attempt'} {next}
          </span>
        ) : null}
      </span>
      {status.connection === 'unreachable' ? (
        <button
          type="button"
          className="button button-secondary button-small"
          aria-disabled={checking}
          onClick={() => void checkConnection()}
        >
          {checking ? <Spinner /> : null}
          Try now
        </button>
      ) : null}
    </footer>
  );
}
