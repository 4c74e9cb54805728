// The sandboxed preload: exposes `window.linq`, generated from the contract, and nothing else.
// The IPC event object is never handed to the page (it would give access to ipcRenderer).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildLinqApi } from '../../shared/bridge.ts';
import { eventChannel, requestChannel } from '../../shared/channels.ts';

const api = buildLinqApi({
  invoke: (name, payload) => ipcRenderer.invoke(requestChannel(name), payload),
  subscribe: (name, listener) => {
    const channel = eventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('linq', api);
