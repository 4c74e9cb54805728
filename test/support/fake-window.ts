// A stand-in `window` for the renderer's stores in Node: `window.linq` is whatever part of the
// bridge a test gives (api.ts turns a missing function into an error value, as in the app),
// and the timers are the current global ones, so vi.useFakeTimers() governs them too.
import { vi } from 'vitest';
import type { LinqApi } from '../../shared/bridge.ts';

export function installFakeWindow(linq: Partial<LinqApi>): void {
  vi.stubGlobal('window', {
    linq,
    setTimeout: (handler: () => void, ms?: number) => globalThis.setTimeout(handler, ms),
    clearTimeout: (id?: number) => globalThis.clearTimeout(id),
  });
}

/** A promise with its resolve in hand, for answers a test releases when it chooses. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}
