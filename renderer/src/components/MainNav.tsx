// Navigation between the three screens, with their Ctrl/Cmd+number shortcuts.
import type { ComponentType } from 'react';
import { CardIcon, HistoryIcon, SettingsIcon } from './Icons.tsx';
import { ariaShortcut, shortcutText } from '../lib/shortcuts.ts';
import { VIEWS, navigate, useView, type View } from '../store/view.ts';

const ICONS: Record<View, ComponentType> = {
  card: CardIcon,
  history: HistoryIcon,
  settings: SettingsIcon,
};

export function MainNav() {
  const current = useView((state) => state.view);
  return (
    <nav className="main-nav" aria-label="Main">
      <ul>
        {VIEWS.map(({ view, label, shortcut }) => {
          const ViewIcon = ICONS[view];
          return (
            <li key={view}>
              <button
                type="button"
                className="nav-item"
                aria-current={current === view ? 'page' : undefined}
                aria-keyshortcuts={ariaShortcut(shortcut)}
                title={`${label} (${shortcutText(shortcut)})`}
                onClick={() => navigate(view)}
              >
                <ViewIcon />
                <span>{label}</span>
                <kbd className="nav-shortcut" aria-hidden="true">
                  {shortcutText(shortcut)}
                </kbd>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
