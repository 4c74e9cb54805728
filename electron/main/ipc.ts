// The only place that touches ipcMain. Every request channel of the contract is registered
// here and nowhere else; each call is checked to come from the app's own page before the
// shared dispatcher validates and runs it.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  REQUEST_NAMES,
  eventChannel,
  requestChannel,
  type EventName,
} from '../../shared/contract.ts';
import { appError } from '../../shared/errors.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { EventHub } from '../services/events.ts';

export function registerIpcHandlers(
  dispatch: Dispatch,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  for (const name of REQUEST_NAMES) {
    ipcMain.handle(requestChannel(name), (event: IpcMainInvokeEvent, payload: unknown) => {
      // senderFrame is null once the frame navigated away or was destroyed.
      const url = event.senderFrame?.url;
      // Only the top frame: an iframe (there should be none) never gets the API.
      if (!url || !isTrustedUrl(url) || event.senderFrame?.parent !== null) {
        return { ok: false, error: appError('FORBIDDEN_SENDER') };
      }
      return dispatch(name, payload);
    });
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
