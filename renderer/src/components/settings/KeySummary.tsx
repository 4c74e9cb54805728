// The stored key at a glance: its last four characters, Linq's verdict and when it was checked.
import type { KeyStatus } from '../../../../shared/contract.ts';
import { absoluteTime, relativeTime, useNow } from '../../lib/time.ts';
import { KeyIcon } from '../Icons.tsx';

const VERDICT: Record<KeyStatus['verification'], { text: string; tone: string }> = {
  verified: { text: 'Verified', tone: 'success' },
  unverified: { text: 'Not verified yet', tone: 'neutral' },
  rejected: { text: 'Rejected by Linq', tone: 'danger' },
};

export function KeySummary({ status }: { status: KeyStatus }) {
  const now = useNow();
  const verdict = VERDICT[status.verification];
  return (
    <div className="key-summary">
      <span className="key-summary-icon">
        <KeyIcon />
      </span>
      <div className="key-summary-text">
        <p className="key-masked">
          {status.last4 ? (
            <>
              <span className="visually-hidden">Key ending in </span>
              <span aria-hidden="true">•••• </span>
              {status.last4}
            </>
          ) : (
            'Key saved'
          )}
        </p>
        <p className="muted">
          {status.checkedAt ? (
            <>
              Last checked{' '}
              <time dateTime={status.checkedAt} title={absoluteTime(status.checkedAt)}>
                {relativeTime(status.checkedAt, now)}
              </time>
            </>
          ) : (
            'Not checked with Linq yet'
          )}
        </p>
      </div>
      <span className={`badge badge-${verdict.tone}`}>{verdict.text}</span>
    </div>
  );
}
