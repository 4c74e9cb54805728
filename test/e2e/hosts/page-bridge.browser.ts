// Injected into the page by the browser test host, before the renderer loads: builds
// `window.linq` with the same contract-generated function the Electron preload uses, carried
// over a Playwright binding to the headless host instead of ipcRenderer.
import { buildLinqApi } from '../../../shared/bridge.ts';
import type { EventName } from '../../../shared/channels.ts';

type Listener = (payload: unknown) => void;

interface TestHostWindow {
  __linqInvoke(name: string, payload: unknown): Promise<unknown>;
  __linqTestHostEmit(name: string, payload: unknown): void;
  linq: unknown;
}

const page = window as unknown as TestHostWindow;
const listeners = new Map<EventName, Set<Listener>>();

page.__linqTestHostEmit = (name, payload) => {
  for (const listener of listeners.get(name as EventName) ?? []) listener(payload);
};

page.linq = buildLinqApi({
  invoke: (name, payload) => page.__linqInvoke(name, payload),
  subscribe: (name, listener) => {
    const set = listeners.get(name) ?? new Set<Listener>();
    listeners.set(name, set);
    set.add(listener);
    return () => set.delete(listener);
  },
});
