// Navigation between the screens, with their Ctrl/Cmd+number shortcuts, and the outbox's count
// of items still to send (or needing the user) as a badge.
import type { ComponentType } from 'react';
import { CardIcon, HistoryIcon, ImportIcon, OutboxIcon, SettingsIcon } from './Icons.tsx';
import { attentionCount, pendingCount } from '../lib/outbox-text.ts';
import { useMainState } from '../store/main-state.ts';
import { ariaShortcut, shortcutText } from '../lib/shortcuts.ts';
import { VIEWS, navigate, useView, type View } from '../store/view.ts';

const ICONS: Record<View, ComponentType> = {
  card: CardIcon,
  outbox: OutboxIcon,
  history: HistoryIcon,
  settings: SettingsIcon,
  import: ImportIcon,
};

/** Up to 999 as it is; beyond, "999+" on screen (an import queues thousands) and the count in words. */
function BadgeCount({ count }: { count: number }) {
  if (count <= 999) return <>{count}</>;
  return (
    <>
      <span aria-hidden="true">999+</span>
      <span className="visually-hidden">{count.toLocaleString('en-US')}</span>
    </>
  );
}

function OutboxBadge() {
  const counts = useMainState((state) => state.outbox?.status.counts);
  if (!counts) return null;
  const attention = attentionCount(counts);
  const pending = pendingCount(counts);
  if (attention > 0) {
    return (
      <span className="nav-badge nav-badge-attention">
        <BadgeCount count={attention} />
        <span className="visually-hidden"> need attention</span>
      </span>
    );
  }
  if (pending === 0) return null;
  return (
    <span className="nav-badge">
      <BadgeCount count={pending} />
      <span className="visually-hidden"> waiting</span>
    </span>
  );
}

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
                {view === 'outbox' ? <OutboxBadge /> : null}
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
