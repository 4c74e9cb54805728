// The root: runs the `ready` handshake, subscribes to main's events, and shows the startup
// screens until the app state has arrived.
import { useEffect } from 'react';
import { subscribeToMain } from './events.ts';
import { useGlobalShortcuts } from './lib/shortcuts.ts';
import { loadAppState, needsKeyAttention, useMainState } from './store/mainState.ts';
import { setInitialView } from './store/view.ts';
import { AppShell } from './components/AppShell.tsx';
import { LoadingScreen, StartupError } from './components/StartupScreens.tsx';

const INTERACTIVE_MARK = 'linq:interactive';

async function start(): Promise<void> {
  const state = await loadAppState();
  // Without a usable key nothing else works: open on the key settings (the welcome).
  if (state)
    setInitialView(needsKeyAttention(state.keyStatus, state.keyError) ? 'settings' : 'card');
}

export function App() {
  const load = useMainState((state) => state.load);
  useGlobalShortcuts();

  useEffect(() => {
    // Subscribe first, so nothing main pushes during the handshake is missed.
    const unsubscribe = subscribeToMain();
    void start();
    return unsubscribe;
  }, []);

  const ready = load.status === 'ready';
  useEffect(() => {
    // The startup benchmark measures time to this mark: first screen drawn with main's state.
    if (ready && performance.getEntriesByName(INTERACTIVE_MARK).length === 0) {
      performance.mark(INTERACTIVE_MARK);
    }
  }, [ready]);

  if (load.status === 'loading') return <LoadingScreen />;
  if (load.status === 'failed') {
    return <StartupError error={load.error} onRetry={() => void start()} />;
  }
  return <AppShell />;
}
