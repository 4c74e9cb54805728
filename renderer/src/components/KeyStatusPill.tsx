// The header's summary of the API key ("Key •••• 1234 · verified"); opens the key settings.
import { describeKeyStatus } from '../lib/key-status-text.ts';
import { useMainState } from '../store/main-state.ts';
import { openKeySettings } from '../store/view.ts';

export function KeyStatusPill() {
  const keyStatus = useMainState((state) => state.keyStatus);
  const keyError = useMainState((state) => state.keyError);
  const { text, tone } = describeKeyStatus(keyStatus, keyError);
  return (
    <button
      type="button"
      className={`pill pill-${tone}`}
      title="Open the API key settings"
      onClick={() => openKeySettings()}
    >
      <span className="pill-dot" aria-hidden="true" />
      <span className="pill-text">{text}</span>
    </button>
  );
}
