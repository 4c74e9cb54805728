// The one place the renderer listens to main. Every main-to-renderer event in the contract is
// subscribed here and mirrored into the store; the returned function undoes all of it.
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { subscribe } from './api.ts';
import { applyUploadProgress } from './store/outbox.ts';
import { applySync, cardsChanged } from './store/cardHistory.ts';
import { applyImportProgress } from './features/import/store/import-run.ts';
import { dropStaleOutcome } from './store/keySettings.ts';
import { applyLines } from './store/lines.ts';
import { applyKeyStatus, applyOutbox, applySettings } from './store/mainState.ts';

// Typed by the contract's event names, so a new event fails to compile until it is handled.
const handlers: { [E in EventName]: (payload: EventPayload<E>) => void } = {
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

export function subscribeToMain(): () => void {
  const unsubscribers = [
    subscribe((api) => api.onKeyStatusChanged(handlers.keyStatusChanged)),
    subscribe((api) => api.onSettingsChanged(handlers.settingsChanged)),
    subscribe((api) => api.onOutboxChanged(handlers.outboxChanged)),
    subscribe((api) => api.onPhotoUploadProgress(handlers.photoUploadProgress)),
    subscribe((api) => api.onCardsChanged(handlers.cardsChanged)),
    subscribe((api) => api.onSyncChanged(handlers.syncChanged)),
    subscribe((api) => api.onLinesChanged(handlers.linesChanged)),
    subscribe((api) => api.onImportChanged(handlers.importChanged)),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
