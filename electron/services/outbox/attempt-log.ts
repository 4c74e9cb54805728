// Writes every outbox attempt's outcome to the app's log, where support looks first: which
// item and number, what was sent, how it ended and, when Linq answered with an error, its code,
// HTTP status and trace id. It wraps the store's finishAttempt, the one place every attempt
// (send, photo upload, read-back) ends, so no outcome can be left out.
import type { AppError } from '../../../shared/errors.schema.ts';
import { appErrorFields } from '../log/app-error-fields.ts';
import type { Log } from '../log/logger.ts';
import type { AttemptOutcome, OutboxRecord, OutboxStore } from './outbox-store.ts';

export function loggingAttempts(store: OutboxStore, log: Log): OutboxStore {
  return {
    ...store,
    finishAttempt(attemptId, outcome, error, id, next, cardWrite) {
      const item = store.finishAttempt(attemptId, outcome, error, id, next, cardWrite);
      logAttempt(log, item, outcome, error);
      return item;
    },
  };
}

function logAttempt(
  log: Log,
  item: OutboxRecord,
  outcome: AttemptOutcome,
  error: AppError | null,
): void {
  const fields = {
    itemId: item.id,
    phoneNumber: item.phoneNumber,
    action: item.action,
    outcome,
    state: item.state,
    attempts: item.attempts,
    ...appErrorFields(error),
  };
  if (outcome === 'applied') log.info('Outbox attempt applied', fields);
  else if (item.state === 'failed') log.error('Outbox attempt refused', fields);
  else if (item.state === 'in-doubt') log.warn('Outbox attempt in doubt', fields);
  else log.warn('Outbox attempt not applied', fields);
}
