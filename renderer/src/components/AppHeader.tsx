import { AppMark } from './Icons.tsx';
import { KeyStatusPill } from './KeyStatusPill.tsx';
import { MainNav } from './MainNav.tsx';

export function AppHeader() {
  return (
    <header className="app-header">
      <div className="brand">
        <AppMark />
        <h1 className="brand-name">Linq Contact Cards</h1>
      </div>
      <MainNav />
      <KeyStatusPill />
    </header>
  );
}
