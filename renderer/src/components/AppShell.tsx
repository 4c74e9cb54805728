// Header and navigation around the current screen, the status bar below it, and the outbox's
// dialogs (opened from several screens).
import { useEffect } from 'react';
import { VIEWS, useView, type View } from '../store/view.ts';
import { AppHeader } from './AppHeader.tsx';
import { CardView } from './card/CardView.tsx';
import { HistoryView } from './history/HistoryView.tsx';
import { CancelDialog } from './outbox/CancelDialog.tsx';
import { DecisionDialog } from './outbox/DecisionDialog.tsx';
import { OutboxView } from './outbox/OutboxView.tsx';
import { StatusBar } from './StatusBar.tsx';
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
          <CurrentView view={view} />
        </div>
      </main>
      <StatusBar />
      <DecisionDialog />
      <CancelDialog />
    </div>
  );
}
