// The check in front of every IPC request: it must come from the app's own page, in the top
// frame of its window. ipc.ts wires it to ipcMain; it lives here, without Electron imports, so
// unit tests can call it with event-like objects for every channel.
import type { RequestName, Result } from '../../shared/contract.ts';
import { appError } from '../../shared/errors.schema.ts';
import type { Dispatch } from '../services/dispatch.ts';

/** The parts of Electron's WebFrameMain the check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of Electron's IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  /** Null once the frame navigated away or was destroyed. */
  readonly senderFrame: SenderFrameLike | null;
}

/**
 * Whether the request comes from a trusted page in a top frame. Electron's getters can throw
 * for a frame being torn down: that, too, is a refusal.
 */
export function isTrustedSender(
  event: InvokeEventLike,
  isTrustedUrl: (url: string) => boolean,
): boolean {
  try {
    const frame = event.senderFrame;
    if (!frame) return false;
    // Only the top frame: an iframe (there should be none) never gets the API.
    if (frame.parent !== null) return false;
    return typeof frame.url === 'string' && isTrustedUrl(frame.url);
  } catch {
    return false;
  }
}

export type GuardedDispatch = (
  name: RequestName,
  event: InvokeEventLike,
  payload: unknown,
) => Promise<Result<unknown>>;

/** Dispatches a request only when its sender is trusted; refuses it otherwise. */
export function guardInvoke(
  dispatch: Dispatch,
  isTrustedUrl: (url: string) => boolean,
): GuardedDispatch {
  return async (name, event, payload) => {
    if (!isTrustedSender(event, isTrustedUrl)) {
      return { ok: false, error: appError('FORBIDDEN_SENDER') };
    }
    return dispatch(name, payload);
  };
}
