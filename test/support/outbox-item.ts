// An outbox item as the renderer receives it, for tests of the words and plans built from it:
// every field the contract requires, with `patch` over plain defaults.
import type { OutboxItem } from '../../shared/outbox.schema.ts';

export function outboxItem(patch: Partial<OutboxItem>): OutboxItem {
  return {
    id: 1,
    action: 'setup',
    phoneNumber: '+14155550132',
    state: 'waiting',
    attempts: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    fields: { firstName: 'Acme' },
    nextAttemptAt: null,
    lastError: null,
    decision: null,
    card: null,
    confirmedBy: null,
    combinedInto: null,
    waitingFor: null,
    ...patch,
  };
}
