// Typed access to `window.linq`, the only way out of the sandboxed renderer. Every call goes
// through `call`, so a missing bridge or a broken IPC channel becomes an error value the UI
// already knows how to show, never an unhandled rejection.
import type { LinqApi } from '../../shared/bridge.ts';
import type { Result } from '../../shared/contract.ts';
import { appError } from '../../shared/error-catalogue.ts';

declare global {
  interface Window {
    linq: LinqApi;
  }
}

function bridge(): LinqApi | undefined {
  return (window as Partial<Window>).linq;
}

export async function call<T>(request: (api: LinqApi) => Promise<Result<T>>): Promise<Result<T>> {
  const api = bridge();
  if (!api) {
    return {
      ok: false,
      error: appError('INTERNAL', {
        detail: 'The connection to the app (window.linq) is missing.',
      }),
    };
  }
  try {
    return await request(api);
  } catch {
    return { ok: false, error: appError('INTERNAL') };
  }
}

/** Subscribes through the bridge when there is one; returns the unsubscribe function. */
export function subscribe(register: (api: LinqApi) => () => void): () => void {
  const api = bridge();
  if (!api) return () => {};
  try {
    return register(api);
  } catch {
    return () => {};
  }
}
