import type { HistoryEntry } from '../../../../shared/contract.ts';

const BADGES: Record<HistoryEntry['outcome'], { text: string; tone: string }> = {
  pending: { text: 'Waiting to send', tone: 'neutral' },
  'needs-decision': { text: 'Needs your decision', tone: 'warning' },
  active: { text: 'Active', tone: 'success' },
  inactive: { text: 'Not yet active', tone: 'warning' },
  failed: { text: 'Failed', tone: 'danger' },
  cancelled: { text: 'Cancelled', tone: 'neutral' },
};

export function OutcomeBadge({ outcome }: { outcome: HistoryEntry['outcome'] }) {
  const badge = BADGES[outcome];
  return <span className={`badge badge-${badge.tone}`}>{badge.text}</span>;
}
