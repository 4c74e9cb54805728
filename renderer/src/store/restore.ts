// The restore dialog's state: the version being restored, main's plan for it (what would be
// sent, compared with the card Linq shows now), and the restore itself. The queued restore is
// then an ordinary outbox item, shown there like any update.
import { create } from 'zustand';
import type { CardVersion } from '../../../shared/card-history.schema.ts';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { RestorePlan } from '../../../shared/versions.schema.ts';
import { call } from '../api.ts';

interface RestoreState {
  version: CardVersion | null;
  plan: RestorePlan | null;
  /** Reading Linq's card and checking the image (planning), or sending. */
  busy: 'planning' | 'sending' | null;
  error: AppError | null;
  /** What the last restore did, for the versions list's status line. */
  outcome: { phoneNumber: string; text: string } | null;
}

export const useRestore = create<RestoreState>()(() => ({
  version: null,
  plan: null,
  busy: null,
  error: null,
  outcome: null,
}));

export async function openRestore(version: CardVersion): Promise<void> {
  useRestore.setState({ version, plan: null, busy: 'planning', error: null, outcome: null });
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
  useRestore.setState({ version: null, plan: null, busy: null, error: null });
}

export async function confirmRestore(): Promise<void> {
  const { version, plan, busy } = useRestore.getState();
  if (!version || !plan || busy) return;
  useRestore.setState({ busy: 'sending', error: null });
  const namesOnly = plan.image === 'unavailable';
  const result = await call((api) =>
    api.restoreVersion({
      phoneNumber: version.phoneNumber,
      versionId: version.id,
      ...(namesOnly ? { namesOnly } : {}),
    }),
  );
  if (!result.ok) {
    useRestore.setState({ busy: null, error: result.error });
    return;
  }
  const answer = result.value;
  const text =
    answer.status === 'queued'
      ? `Restore queued as #${answer.item.id}: it is in the Outbox and sent like any change.`
      : answer.message;
  useRestore.setState({
    version: null,
    plan: null,
    busy: null,
    outcome: { phoneNumber: version.phoneNumber, text },
  });
}
