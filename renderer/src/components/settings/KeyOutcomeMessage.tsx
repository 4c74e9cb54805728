// How the last key action ended (verified, rejected, saved but offline, keychain trouble).
import type { KeyOutcome } from '../../store/key-settings.ts';
import { navigate } from '../../store/view.ts';
import { CheckIcon, ErrorIcon, WarningIcon } from '../Icons.tsx';
import { TraceReference } from '../TraceReference.tsx';

const ICONS = { success: CheckIcon, warning: WarningIcon, danger: ErrorIcon };

export function KeyOutcomeMessage({ outcome }: { outcome: KeyOutcome }) {
  const Icon = ICONS[outcome.tone];
  return (
    <div className={`alert alert-${outcome.tone}`}>
      <Icon />
      <div className="alert-body">
        <p className="alert-title">{outcome.title}</p>
        <p className="alert-message">{outcome.message}</p>
        {outcome.error?.detail ? (
          <p className="alert-detail">Details: {outcome.error.detail}</p>
        ) : null}
        {outcome.error?.traceId ? (
          <TraceReference traceId={outcome.error.traceId} error={outcome.error} />
        ) : null}
        {outcome.ready ? (
          <div className="alert-actions">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => navigate('card')}
            >
              Start setting up cards
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
