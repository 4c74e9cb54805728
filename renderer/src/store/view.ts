// Which screen is showing, and why the key settings were opened (when another screen sent the
// user there because Linq refused the key).
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.schema.ts';

export type View = 'card' | 'outbox' | 'history' | 'settings' | 'import';

export const VIEWS: readonly { view: View; label: string; shortcut: string }[] = [
  { view: 'card', label: 'New card', shortcut: '1' },
  { view: 'outbox', label: 'Outbox', shortcut: '2' },
  { view: 'history', label: 'History', shortcut: '3' },
  { view: 'settings', label: 'Settings', shortcut: '4' },
  { view: 'import', label: 'Import', shortcut: '5' },
];

interface ViewState {
  view: View;
  /** Bumped on every navigation, so the new screen knows to take focus (not on first load). */
  navigations: number;
  /** An error that sent the user to the key settings, shown there until dealt with. */
  keyNotice: AppError | null;
}

export const useView = create<ViewState>()(() => ({
  view: 'card',
  navigations: 0,
  keyNotice: null,
}));

export function navigate(view: View): void {
  useView.setState((state) =>
    state.view === view ? state : { view, navigations: state.navigations + 1 },
  );
}

/** Opens the API key settings, optionally explaining which error brought the user there. */
export function openKeySettings(notice?: AppError): void {
  navigate('settings');
  if (notice) useView.setState({ keyNotice: notice });
}

export function clearKeyNotice(): void {
  useView.setState({ keyNotice: null });
}

/** The first screen after a load: the key settings when there is no usable key yet. */
export function setInitialView(view: View): void {
  useView.setState({ view });
}
