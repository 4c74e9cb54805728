// Shown above the form when cards cannot be set up yet because of the key.
import { useMainState } from '../../store/main-state.ts';
import { openKeySettings } from '../../store/view.ts';
import { KeyIcon } from '../Icons.tsx';

export function KeyNeededNotice() {
  const keyStatus = useMainState((state) => state.keyStatus);
  const keyError = useMainState((state) => state.keyError);

  let text: string;
  let action: string;
  let tone: 'warning' | 'danger';
  if (keyError) {
    text = 'The API key cannot be read from the system keychain, so cards cannot be set up.';
    action = 'Check the API key';
    tone = 'danger';
  } else if (!keyStatus?.present) {
    text = 'Add your Linq API key before setting up cards.';
    action = 'Add your API key';
    tone = 'warning';
  } else if (keyStatus.verification === 'rejected') {
    text = 'Linq did not accept the saved API key. Replace it before setting up cards.';
    action = 'Check the API key';
    tone = 'danger';
  } else {
    return null;
  }

  return (
    <div className={`banner banner-${tone}`}>
      <KeyIcon />
      <p>{text}</p>
      <button type="button" className="button button-secondary" onClick={() => openKeySettings()}>
        {action}
      </button>
    </div>
  );
}
