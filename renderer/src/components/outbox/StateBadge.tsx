import type { OutboxItem, OutboxStatus } from '../../../../shared/outbox.ts';
import { describeItem } from '../../lib/outboxText.ts';

export function StateBadge({ item, status }: { item: OutboxItem; status: OutboxStatus | null }) {
  const text = describeItem(item, status);
  return <span className={`badge badge-${text.tone}`}>{text.label}</span>;
}
