// What shows before the app can draw itself: waiting for main's answer to the handshake, or
// the reason it did not come, with a way to ask again.
import type { AppError } from '../../../shared/errors.schema.ts';
import { AppMark, Spinner } from './Icons.tsx';
import { TraceReference } from './TraceReference.tsx';

export function LoadingScreen() {
  return (
    <main className="startup" aria-busy="true">
      <div className="startup-card" role="status">
        <AppMark />
        <h1 className="startup-title">Linq Contact Cards</h1>
        <p className="startup-text">
          <Spinner /> Loading your settings and history…
        </p>
      </div>
    </main>
  );
}

export function StartupError({ error, onRetry }: { error: AppError; onRetry: () => void }) {
  return (
    <main className="startup">
      <div className="startup-card startup-card-error" role="alert">
        <AppMark />
        <h1 className="startup-title">The app could not start</h1>
        <p className="startup-text">{error.message}</p>
        {error.detail ? <p className="startup-detail">Details: {error.detail}</p> : null}
        {error.traceId ? <TraceReference traceId={error.traceId} error={error} /> : null}
        <button type="button" className="button button-primary" onClick={onRetry}>
          Retry
        </button>
      </div>
    </main>
  );
}
