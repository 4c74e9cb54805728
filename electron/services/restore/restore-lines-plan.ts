// What putting lines back to an earlier moment does with each line, read from SQLite in one
// synchronous pass (so the job enqueued is the plan of that moment): the card goes back to the
// version Linq had confirmed for the line at that moment (the newest confirmed then), compared
// with the latest version Linq confirmed. A line with no card then is left alone (Linq has no
// DELETE); one already as it was then sends nothing; one with a change still in the outbox
// (waiting, held back, being sent or waiting for a decision) blocks the restore, as it blocks
// an undo: what the card will be is not known until that change has its answer.
import { restoreFields, restoreSendsSomething } from '../../../shared/versions.rules.ts';
import { createVersionReader, OPEN, type VersionContent } from '../import/undo-plan.ts';
import type { Database } from '../store.ts';

export type LineStep =
  | { step: 'restore'; before: VersionContent; now: VersionContent | null }
  | { step: 'unchanged'; now: VersionContent | null }
  | { step: 'no-card-then'; now: VersionContent | null }
  | { step: 'blocking'; now: VersionContent | null };

/** The one rule for a line, given what the history knows of it. */
export function lineStep(facts: {
  /** The newest version confirmed at or before the moment (null: none then). */
  then: VersionContent | null;
  /** The latest version Linq confirmed (null: none). */
  now: VersionContent | null;
  /** Whether a change for the line is still in the outbox, not final. */
  open: boolean;
}): LineStep {
  const { then, now, open } = facts;
  if (open) return { step: 'blocking', now };
  if (!then) return { step: 'no-card-then', now };
  if (now?.id === then.id || !restoreSendsSomething(restoreFields(then, now))) {
    return { step: 'unchanged', now };
  }
  return { step: 'restore', before: then, now };
}

export interface RestoreLinesPlanner {
  /** Each number's step, in the order given. `atIso` is an instant as toISOString writes it. */
  steps(phoneNumbers: readonly string[], atIso: string): (LineStep & { phoneNumber: string })[];
}

export function createRestoreLinesPlanner(db: Database): RestoreLinesPlanner {
  const facts = db.prepare(
    `SELECT (SELECT version_id FROM cards WHERE phone_number = :phone) AS now_id,
            (SELECT id FROM card_versions WHERE phone_number = :phone AND confirmed_at <= :at
             ORDER BY confirmed_at DESC, id DESC LIMIT 1) AS then_id,
            EXISTS (SELECT 1 FROM outbox WHERE phone_number = :phone
                    AND state IN ${OPEN}) AS open`,
  );
  const versionOf = createVersionReader(db);
  return {
    steps(phoneNumbers, atIso) {
      return phoneNumbers.map((phone) => {
        const row = facts.get({ phone, at: atIso }) as {
          now_id: number | null;
          then_id: number | null;
          open: number;
        };
        const step = lineStep({
          then: versionOf(row.then_id),
          now: versionOf(row.now_id),
          open: row.open === 1,
        });
        return { ...step, phoneNumber: phone };
      });
    },
  };
}
