import type { CardStatus } from '../../../../shared/card-history.rules.ts';

export const STATUS_LABELS: Record<CardStatus, { text: string; tone: string }> = {
  active: { text: 'Active', tone: 'success' },
  inactive: { text: 'Not yet active', tone: 'warning' },
  failed: { text: 'Failed', tone: 'danger' },
  waiting: { text: 'Waiting to send', tone: 'neutral' },
  'needs-decision': { text: 'Needs your decision', tone: 'warning' },
  cancelled: { text: 'Cancelled', tone: 'neutral' },
};

export function StatusBadge({ status }: { status: CardStatus }) {
  const label = STATUS_LABELS[status];
  return <span className={`badge badge-${label.tone}`}>{label.text}</span>;
}
