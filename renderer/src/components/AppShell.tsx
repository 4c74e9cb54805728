// Header and navigation around the current screen.
import { useEffect } from 'react';
import { VIEWS, useView, type View } from '../store/view.ts';
import { AppHeader } from './AppHeader.tsx';
import { CardView } from './card/CardView.tsx';
import { HistoryView } from './history/HistoryView.tsx';
import { SettingsView } from './settings/SettingsView.tsx';

function CurrentView({ view }: { view: View }) {
  switch (view) {
    case 'card':
      return <CardView />;
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
    </div>
  );
}
