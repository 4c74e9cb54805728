// The restore dialog's state: the version being restored, main's plan for it (what would be
// sent, compared with the card Linq shows now), when to send it (now or at a chosen time), and
// the restore itself. The queued restore is then an ordinary outbox item, shown there like any
// update (a scheduled one under "Held and scheduled" until its time).
import { create } from 'zustand';
import type { CardVersion } from '../../../shared/card-history.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { RestorePlan } from '../../../shared/versions.schema.ts';
import { call } from '../api.ts';
import { rolloutFromChoice, SEND_NOW, type RolloutChoice } from '../lib/rollout-choice.ts';
import { localTimeZone } from '../lib/rollout-text.ts';

/** What the last restore did, for the versions list's status line. */
export interface RestoreOutcome {
  phoneNumber: string;
  text: string;
  /** A restore held for its chosen time: the Outbox's rollout it waits in. */
  held?: { itemId: number; rolloutId: number };
}

interface RestoreState {
  version: CardVersion | null;
  plan: RestorePlan | null;
  /** Reading Linq's card and checking the image (planning), or sending. */
  busy: 'planning' | 'sending' | null;
  error: AppError | null;
  /** Why "Restore" sent nothing (the chosen time): the reason itself is under the time. */
  choiceError: string | null;
  /** Now, or at a chosen time (the dialog's "When to restore"). */
  choice: RolloutChoice;
  /**
   * The id this plan's restore goes out under, made when it is first confirmed: a retry of the
   * same plan sends it again, so main answers with the restore it may have made already (an
   * answer lost to a reload or a crash) instead of sending again; a new plan gets a new one.
   */
  requestId: string | null;
  outcome: RestoreOutcome | null;
}

const CLOSED = {
  version: null,
  plan: null,
  busy: null,
  error: null,
  choiceError: null,
  choice: SEND_NOW,
  requestId: null,
} as const;

export const useRestore = create<RestoreState>()(() => ({ ...CLOSED, outcome: null }));

export async function openRestore(version: CardVersion): Promise<void> {
  useRestore.setState({ ...CLOSED, version, busy: 'planning', outcome: null });
  const result = await call((api) =>
    api.planRestore({ phoneNumber: version.phoneNumber, versionId: version.id }),
  );
  if (useRestore.getState().version !== version) return; // closed or another opened meanwhile
  useRestore.setState(
    result.ok ? { plan: result.value, busy: null } : { error: result.error, busy: null },
  );
}

export function closeRestore(): void {
  if (useRestore.getState().busy === 'sending') return;
  useRestore.setState(CLOSED);
}

export function setRestoreChoice(change: Partial<RolloutChoice>): void {
  useRestore.setState((state) => ({ choice: { ...state.choice, ...change }, choiceError: null }));
}

export async function confirmRestore(): Promise<void> {
  const { version, plan, busy, choice } = useRestore.getState();
  if (!version || !plan || busy) return;
  const rollout = rolloutFromChoice(choice, Date.now(), localTimeZone());
  if (!rollout.ok) {
    useRestore.setState({
      choiceError: 'Nothing was sent: choose a time under “When to restore” above.',
    });
    return;
  }
  const requestId = useRestore.getState().requestId ?? crypto.randomUUID();
  useRestore.setState({ busy: 'sending', error: null, choiceError: null, requestId });
  const namesOnly = plan.image === 'unavailable';
  const schedule = rollout.rollout?.schedule;
  const result = await call((api) =>
    api.restoreVersion({
      phoneNumber: version.phoneNumber,
      versionId: version.id,
      requestId,
      ...(namesOnly ? { namesOnly } : {}),
      ...(schedule ? { schedule } : {}),
    }),
  );
  if (!result.ok) {
    useRestore.setState({ busy: null, error: result.error });
    return;
  }
  const answer = result.value;
  const outcome: RestoreOutcome = { phoneNumber: version.phoneNumber, text: '' };
  if (answer.status !== 'queued') outcome.text = answer.message;
  else if (answer.item.held && answer.item.rolloutId !== undefined) {
    // The words follow the rollout as the Outbox shows it (see RestoreOutcomeNote).
    outcome.held = { itemId: answer.item.id, rolloutId: answer.item.rolloutId };
  } else {
    outcome.text = `Restore queued as #${answer.item.id}: it is in the Outbox and sent like any change.`;
  }
  useRestore.setState({ ...CLOSED, outcome });
}
