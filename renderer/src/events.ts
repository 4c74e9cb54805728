// The one place the renderer listens to main. Every main-to-renderer event in the contract is
// subscribed here and mirrored into the store; the returned function undoes all of it.
import { eventFunctionName, type LinqApi } from '../../shared/bridge.ts';
import { EVENT_NAMES, type EventName } from '../../shared/channels.ts';
import type { EventPayload } from '../../shared/contract.ts';
import { subscribe } from './api.ts';
import { applyUploadProgress } from './store/outbox.ts';
import { applySync, cardsChanged } from './store/card-history.ts';
import { applyImportProgress } from './features/import/store/import-run.ts';
import { dropStaleOutcome } from './store/key-settings.ts';
import { applyLines } from './store/lines.ts';
import { applyKeyStatus, applyOutbox, applySettings } from './store/main-state.ts';

type Handlers = { [E in EventName]: (payload: EventPayload<E>) => void };

// Typed by the contract's event names, so a new event fails to compile until it is handled;
// subscribeToMain subscribes every name in the contract, so a handled event is also listened to.
const handlers: Handlers = {
  keyStatusChanged: (status) => {
    applyKeyStatus(status);
    dropStaleOutcome(status);
  },
  settingsChanged: applySettings,
  outboxChanged: applyOutbox,
  photoUploadProgress: applyUploadProgress,
  cardsChanged: () => cardsChanged(),
  syncChanged: applySync,
  linesChanged: applyLines,
  importChanged: applyImportProgress,
};

/** Subscribes `handler` with the bridge's function for `name` (api.onKeyStatusChanged, …). */
function listen<E extends EventName>(api: LinqApi, name: E, handler: Handlers[E]): () => void {
  // TypeScript cannot resolve the bridge's mapped function type for a generic E; the bridge
  // names these functions with the same eventFunctionName (shared/bridge.ts).
  const on = api[eventFunctionName(name)] as unknown as (listener: Handlers[E]) => () => void;
  return on(handler);
}

export function subscribeToMain(): () => void {
  const unsubscribers = EVENT_NAMES.map((name) =>
    subscribe((api) => listen(api, name, handlers[name])),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
