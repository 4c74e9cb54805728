// A keychain the app cannot use, shown as the problem it is (never as "no key"): which one it
// is, what to do about it (the catalogue's message), and a way to check again once done.
import type { AppError, AppErrorCode } from '../../../../shared/errors.schema.ts';
import { ErrorAlert } from '../ErrorAlert.tsx';

// Each keychain problem has its own remedy, so the title names it rather than saying only
// that the keychain cannot be used.
const TITLES: Partial<Record<AppErrorCode, string>> = {
  KEYCHAIN_NO_SESSION_BUS: 'The app is not running in a desktop session',
  KEYCHAIN_UNAVAILABLE: 'No keychain service is running',
  KEYCHAIN_LOCKED: 'The system keychain is locked',
  KEYCHAIN_LOAD_FAILED: 'The app’s keychain module could not be loaded',
};

const GENERIC_TITLE = 'The app cannot use the system keychain right now';

function keychainProblemTitle(error: AppError): string {
  return TITLES[error.code] ?? GENERIC_TITLE;
}

export function KeychainProblem({
  error,
  busy,
  onCheckAgain,
}: {
  error: AppError;
  busy: boolean;
  onCheckAgain: () => void;
}) {
  return (
    <div className="keychain-problem">
      <ErrorAlert error={error} title={keychainProblemTitle(error)} />
      <button
        type="button"
        className="button button-secondary"
        aria-disabled={busy}
        onClick={() => !busy && onCheckAgain()}
      >
        Check the keychain again
      </button>
    </div>
  );
}
