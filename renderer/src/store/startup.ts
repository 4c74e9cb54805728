// Starting the app: the `ready` handshake with main, then the first screen to show.
import { loadAppState, needsKeyAttention } from './mainState.ts';
import { setInitialView } from './view.ts';

export async function startApp(): Promise<void> {
  const state = await loadAppState();
  // Without a usable key nothing else works: open on the key settings (the welcome).
  if (state)
    setInitialView(needsKeyAttention(state.keyStatus, state.keyError) ? 'settings' : 'card');
}
