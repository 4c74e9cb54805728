// The root: shows the startup screens until main's state has arrived (main.tsx started the
// handshake), then the app.
import { useEffect } from 'react';
import { loadPhoneRules } from './lib/phone-rules.ts';
import { useGlobalShortcuts } from './lib/shortcuts.ts';
import { useMainState } from './store/main-state.ts';
import { startApp } from './store/startup.ts';
import { AppShell, preloadScreens } from './components/AppShell.tsx';
import { LoadingScreen, StartupError } from './components/StartupScreens.tsx';

const INTERACTIVE_MARK = 'linq:interactive';

export function App() {
  const load = useMainState((state) => state.load);
  useGlobalShortcuts();

  const ready = load.status === 'ready';
  useEffect(() => {
    // The startup benchmark measures time to this mark: first screen drawn with main's state.
    if (ready && performance.getEntriesByName(INTERACTIVE_MARK).length === 0) {
      performance.mark(INTERACTIVE_MARK);
      // The first screen is up: now fetch what it did not need to appear, so that the other
      // screens open at once later (the History screen's first render is benchmarked).
      void loadPhoneRules().catch(() => {});
      preloadScreens();
    }
  }, [ready]);

  if (load.status === 'loading') return <LoadingScreen />;
  if (load.status === 'failed') {
    return <StartupError error={load.error} onRetry={() => void startApp()} />;
  }
  return <AppShell />;
}
