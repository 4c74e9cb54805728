// Builds the renderer-facing API (`window.linq`) from the contract. The preload calls it with
// ipcRenderer as transport; the browser test host calls it with a Playwright binding. Same
// function, so the two hosts expose exactly the same named functions and nothing else.
// Only names and types from the contract: at run time this file needs neither zod nor
// libphonenumber, which keeps the sandboxed preload small.
import { EVENT_NAMES, REQUEST_NAMES, type EventName, type RequestName } from './channels.ts';
import type { EventPayload, RequestInput, RequestOutput, Result } from './contract.ts';
import { appError } from './error-catalogue.ts';

export interface BridgeTransport {
  invoke(name: RequestName, payload: unknown): Promise<unknown>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
}

type RequestFunctions = {
  [N in RequestName]: RequestInput<N> extends undefined
    ? () => Promise<Result<RequestOutput<N>>>
    : (input: RequestInput<N>) => Promise<Result<RequestOutput<N>>>;
};

type EventFunctions = {
  [E in EventName as EventFunctionName<E>]: (
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
};

export type LinqApi = RequestFunctions & EventFunctions;

/** What the API calls the function that subscribes to event `E`: `onKeyStatusChanged`, … */
export type EventFunctionName<E extends EventName> = `on${Capitalize<E>}`;

export function eventFunctionName<E extends EventName>(name: E): EventFunctionName<E> {
  return `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as EventFunctionName<E>;
}

export function buildLinqApi(transport: BridgeTransport): LinqApi {
  const api: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    api[name] = async (input?: unknown) => {
      try {
        return await transport.invoke(name, input);
      } catch {
        // The main side went away mid-call (crashed, restarting): still answer with a Result,
        // so the renderer has exactly one error path.
        return {
          ok: false,
          error: appError('INTERNAL', { detail: 'No answer from the app’s main process.' }),
        };
      }
    };
  }
  for (const name of EVENT_NAMES) {
    api[eventFunctionName(name)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return transport.subscribe(name, listener);
    };
  }
  return Object.freeze(api) as LinqApi;
}
