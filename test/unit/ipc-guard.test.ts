// Every IPC request is refused unless it comes from the app's own page in a top frame: the
// guard on its own for every channel, and as registerIpcHandlers wires it to ipcMain (with a
// stand-in for Electron's ipcMain, which cannot load here).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REQUEST_NAMES, requestChannel } from '../../shared/contract.ts';
import { guardInvoke, type InvokeEventLike } from '../../electron/main/ipc-guard.ts';
import { createSenderCheck } from '../../electron/main/trusted-sender.ts';
import { APP_ORIGIN } from '../../electron/main/renderer-files.ts';

type Handler = (event: InvokeEventLike, payload: unknown) => Promise<unknown>;
const registered = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => {
      if (registered.has(channel)) throw new Error(`Second handler for ${channel}`);
      registered.set(channel, handler);
    },
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));

const TOP = null; // a top frame's parent
const topFrame = (url: string) => ({ senderFrame: { url, parent: TOP } });
const PAGE = `${APP_ORIGIN}/index.html`;

/** Senders that must never reach the dispatcher, with why. */
const FOREIGN: [string, InvokeEventLike][] = [
  ['an https page', topFrame('https://evil.example/index.html')],
  ['Linq’s own docs', topFrame('https://docs.linqapp.com/')],
  ['a file: page', topFrame('file:///tmp/evil.html')],
  ['a data: page', topFrame('data:text/html,<script>linq.saveKey()</script>')],
  ['a blob: page', topFrame(`blob:${APP_ORIGIN}/6d2c1c38-0b6f-4a44-9d1b-6a4b4f4f0e11`)],
  ['about:blank', topFrame('about:blank')],
  ['another app:// host', topFrame('app://other/index.html')],
  ['app:// with a port', topFrame('app://renderer:1234/index.html')],
  ['the dev server, when it is not trusted', topFrame('http://localhost:5173/')],
  ['an empty URL', topFrame('')],
  ['no sender frame (navigated away or destroyed)', { senderFrame: null }],
  ['a subframe of the app’s page', { senderFrame: { url: PAGE, parent: { url: PAGE } } }],
  [
    'a frame whose getters throw (being torn down)',
    {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    },
  ],
  [
    'a frame whose url getter throws',
    {
      senderFrame: {
        parent: null,
        get url(): string {
          throw new Error('disposed');
        },
      },
    },
  ],
];

const isTrustedUrl = createSenderCheck(APP_ORIGIN, undefined);

describe('guardInvoke', () => {
  it('refuses every foreign sender on every channel, without dispatching', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'ran' }));
    const guarded = guardInvoke(dispatch, isTrustedUrl);
    for (const name of REQUEST_NAMES) {
      for (const [why, event] of FOREIGN) {
        expect(await guarded(name, event, undefined), `${name} from ${why}`).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN_SENDER' },
        });
      }
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('dispatches every channel from the app’s own page, with its payload', async () => {
    const dispatch = vi.fn(async (name: string) => ({ ok: true as const, value: name }));
    const guarded = guardInvoke(dispatch, isTrustedUrl);
    for (const name of REQUEST_NAMES) {
      const payload = { probe: name };
      expect(await guarded(name, topFrame(PAGE), payload)).toEqual({ ok: true, value: name });
      expect(dispatch).toHaveBeenLastCalledWith(name, payload);
    }
    expect(dispatch).toHaveBeenCalledTimes(REQUEST_NAMES.length);
  });

  it('trusts the dev server only when main was told to (development)', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: null }));
    const dev = guardInvoke(dispatch, createSenderCheck(APP_ORIGIN, 'http://localhost:5173/'));
    expect(await dev('getAppState', topFrame('http://localhost:5173/'), undefined)).toMatchObject({
      ok: true,
    });
    expect(await dev('getAppState', topFrame('http://localhost:5174/'), undefined)).toMatchObject({
      error: { code: 'FORBIDDEN_SENDER' },
    });
  });
});

describe('registerIpcHandlers', () => {
  beforeEach(() => registered.clear());

  it('registers exactly one guarded handler per channel of the contract', async () => {
    const { registerIpcHandlers } = await import('../../electron/main/ipc.ts');
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'ran' }));
    const unregister = registerIpcHandlers(dispatch, isTrustedUrl);
    expect([...registered.keys()].sort()).toEqual(REQUEST_NAMES.map(requestChannel).sort());

    for (const name of REQUEST_NAMES) {
      const handler = registered.get(requestChannel(name))!;
      for (const [why, event] of FOREIGN) {
        expect(await handler(event, { any: 'payload' }), `${name} from ${why}`).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN_SENDER' },
        });
      }
      expect(dispatch).not.toHaveBeenCalled();
      expect(await handler(topFrame(PAGE), 'payload')).toEqual({ ok: true, value: 'ran' });
      expect(dispatch).toHaveBeenLastCalledWith(name, 'payload');
      dispatch.mockClear();
    }

    unregister();
    expect(registered.size).toBe(0);
  });
});
