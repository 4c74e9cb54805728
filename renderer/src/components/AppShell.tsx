// Header and navigation around the current screen, the status bar below it, and the outbox's
// dialogs (opened from several screens).
import { lazy, Suspense, useEffect } from 'react';
import { VIEWS, useView, type View } from '../store/view.ts';
import { AppHeader } from './AppHeader.tsx';
import { CardView } from './card/CardView.tsx';
import { preloadable } from '../lib/preloadable.tsx';
import { useOutboxUi } from '../store/outbox.ts';
import { StatusBar } from './StatusBar.tsx';
import { DecisionNotice } from './outbox/DecisionNotice.tsx';
import { LateScheduleNotice } from './outbox/LateScheduleNotice.tsx';

// Screens and dialogs that are not the first one load after it (or when first needed): the
// startup benchmark holds the app's time to interactive to 1.5x a bare React page.
const outboxScreen = preloadable(() => import('./outbox/OutboxView.tsx').then((m) => m.OutboxView));
const historyScreen = preloadable(() =>
  import('./history/HistoryView.tsx').then((m) => m.HistoryView),
);
const importScreen = preloadable(() =>
  import('../features/import/components/ImportView.tsx').then((m) => m.ImportView),
);
const OutboxView = outboxScreen.Component;
const HistoryView = historyScreen.Component;
const ImportView = importScreen.Component;
const DecisionDialog = lazy(() =>
  import('./outbox/DecisionDialog.tsx').then((m) => ({ default: m.DecisionDialog })),
);
const CancelDialog = lazy(() =>
  import('./outbox/CancelDialog.tsx').then((m) => ({ default: m.CancelDialog })),
);

/** Loads the other screens' code once the first screen is up, so they open at once. */
export function preloadScreens(): void {
  outboxScreen.preload();
  historyScreen.preload();
  importScreen.preload();
}

function OutboxDialogs() {
  const deciding = useOutboxUi((state) => state.decisionFor !== null);
  const cancelling = useOutboxUi((state) => state.confirmCancel !== null);
  return (
    <Suspense fallback={null}>
      {deciding ? <DecisionDialog /> : null}
      {cancelling ? <CancelDialog /> : null}
    </Suspense>
  );
}
import { SettingsView } from './settings/SettingsView.tsx';

function CurrentView({ view }: { view: View }) {
  switch (view) {
    case 'card':
      return <CardView />;
    case 'outbox':
      return <OutboxView />;
    case 'history':
      return <HistoryView />;
    case 'settings':
      return <SettingsView />;
    case 'import':
      return <ImportView />;
  }
}

export function AppShell() {
  const view = useView((state) => state.view);
  useEffect(() => {
    const label = VIEWS.find((item) => item.view === view)?.label;
    document.title = label ? `${label} · Linq Contact Cards` : 'Linq Contact Cards';
  }, [view]);
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <div className="view" key={view}>
          <DecisionNotice />
          <LateScheduleNotice />
          <Suspense fallback={null}>
            <CurrentView view={view} />
          </Suspense>
        </div>
      </main>
      <StatusBar />
      <OutboxDialogs />
    </div>
  );
}
