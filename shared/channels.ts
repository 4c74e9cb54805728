// The names of every IPC request and event, with nothing else: the preload (and the browser
// test host's bridge) need only these, so they stay free of zod and libphonenumber and load in
// a few kilobytes. contract.ts gives each name its schemas and is checked to match this list.
export const REQUEST_NAMES = [
  'getAppState',
  'getKeyStatus',
  'saveKey',
  'verifyKey',
  'removeKey',
  'updateSettings',
  'setupCard',
  'updateCard',
  'listCards',
  'getCardHistory',
  'syncCards',
  'planRestore',
  'restoreVersion',
  'exportCards',
  'storePhoto',
  'readPhoto',
  'readCardImage',
  'retryOutboxItem',
  'cancelOutboxItem',
  'decideOutboxItem',
  'checkConnection',
  'listLines',
  'refreshLines',
  'lookupCards',
  'openImportFile',
  'chooseImageFolder',
  'checkImportImages',
  'importCards',
  'getImport',
  'listImportRows',
  'exportImportSummary',
  'decideRollout',
  'rolloutNoticeShown',
  'listRolloutItems',
  'planUndoImport',
  'undoImport',
  'planRestoreLines',
  'restoreLines',
] as const;

export const EVENT_NAMES = [
  'keyStatusChanged',
  'settingsChanged',
  'outboxChanged',
  'photoUploadProgress',
  'cardsChanged',
  'syncChanged',
  'linesChanged',
  'importChanged',
] as const;

export type RequestName = (typeof REQUEST_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** The wire names, namespaced so they cannot collide with anything else on ipcMain. */
export const requestChannel = (name: RequestName) => `linq:request:${name}`;
export const eventChannel = (name: EventName) => `linq:event:${name}`;
