// The only place that touches ipcMain. Every request channel of the contract is registered
// here and nowhere else; each call is checked to come from the app's own page (ipc-guard.ts)
// before the shared dispatcher validates and runs it.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  REQUEST_NAMES,
  eventChannel,
  requestChannel,
  type EventName,
} from '../../shared/contract.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';
import { guardInvoke } from './ipc-guard.ts';

export function registerIpcHandlers(
  dispatch: Dispatch,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  const guarded = guardInvoke(dispatch, isTrustedUrl);
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), (event: IpcMainInvokeEvent, payload: unknown) =>
      guarded(name, event, payload),
    );
  }
  return () => REQUEST_NAMES.forEach((name) => ipcMain.removeHandler(requestChannel(name)));
}

/** Forwards every service event to the given window's renderer. */
export function forwardEvents(events: EventHub, target: () => WebContents | null): () => void {
  return events.subscribe((name: EventName, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  });
}
