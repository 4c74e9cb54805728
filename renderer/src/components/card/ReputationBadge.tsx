// Linq's reputation of a line, in words as well as colour (colour alone says nothing to many).
import type { LineReputation } from '../../../../shared/lines.schema.ts';

export const REPUTATION_LABELS: Record<LineReputation, { text: string; tone: string }> = {
  HEALTHY: { text: 'Healthy', tone: 'success' },
  AT_RISK: { text: 'At risk', tone: 'warning' },
  CRITICAL: { text: 'Critical', tone: 'danger' },
};

export function ReputationBadge({ reputation }: { reputation: LineReputation | null }) {
  if (!reputation) return null;
  const label = REPUTATION_LABELS[reputation];
  return (
    <span className={`badge badge-${label.tone}`}>
      <span className="visually-hidden">Reputation: </span>
      {label.text}
    </span>
  );
}
