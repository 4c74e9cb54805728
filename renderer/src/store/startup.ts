// Starting the app: the `ready` handshake with main, then the first screen to show.
import { loadAppState, needsKeyAttention } from './main-state.ts';
import { applySync, useCardHistory } from './card-history.ts';
import { setInitialView } from './view.ts';

export async function startApp(): Promise<void> {
  const state = await loadAppState();
  // A syncChanged event that came during the handshake is newer than the snapshot.
  if (state && useCardHistory.getState().sync === null) applySync(state.sync);
  // Without a usable key nothing else works: open on the key settings (the welcome).
  if (state)
    setInitialView(needsKeyAttention(state.keyStatus, state.keyError) ? 'settings' : 'card');
}
