// Main-to-renderer events, typed by the contract. Services publish; the Electron wiring and the
// headless host each subscribe once and forward to their renderer.
import { contract, type EventName, type EventPayload } from '../../shared/contract.ts';

export type EventListener = (name: EventName, payload: unknown) => void;

export interface EventHub {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

/** `scrub` sees every payload before any listener does (see secret-scrub.ts). */
export function createEventHub(scrub: <T>(value: T) => T = (value) => value): EventHub {
  const listeners = new Set<EventListener>();
  return {
    emit(name, payload) {
      // Checked here so a service bug shows up in main, not as a confusing renderer state.
      const checked = scrub(contract.events[name].parse(payload));
      for (const listener of listeners) listener(name, checked);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
