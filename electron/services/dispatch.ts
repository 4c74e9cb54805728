// Turns one raw request from a renderer into a Result: checks the channel exists, caps the
// payload's size, validates it against the contract, runs the handler, validates the answer,
// and converts every failure into a catalogue error. Electron's ipcMain wiring and the headless
// host both call this, so the browser test host exercises exactly what the app runs.
import type { z } from 'zod';
import {
  contract,
  type RequestName,
  type RequestOutput,
  type Result,
} from '../../shared/contract.ts';
import { appError } from '../../shared/errors.ts';
import { AppFailure } from './failure.ts';

export type Handlers = {
  [N in RequestName]: (
    input: z.output<(typeof contract.requests)[N]['input']>,
  ) => Promise<RequestOutput<N>> | RequestOutput<N>;
};

export type Dispatch = (name: string, payload: unknown) => Promise<Result<unknown>>;

/** Deeper than any real payload; stops stack-exhausting structures before JSON sees them. */
const MAX_DEPTH = 32;

function tooDeep(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_DEPTH) return true;
  for (const child of Object.values(value)) if (tooDeep(child, depth + 1)) return true;
  return false;
}

function payloadSize(payload: unknown): number | null {
  if (payload === undefined) return 0;
  try {
    return new TextEncoder().encode(JSON.stringify(payload) ?? '').length;
  } catch {
    return null; // cycles or BigInt: nothing a real renderer sends
  }
}

function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(contract.requests, name);
}

export function createDispatcher(
  handlers: Handlers,
  reportBug: (error: unknown) => void = () => {},
): Dispatch {
  return async (name, payload) => {
    if (!isRequestName(name)) {
      return { ok: false, error: appError('INVALID_INPUT', { detail: 'Unknown request' }) };
    }
    const definition = contract.requests[name];
    if (tooDeep(payload)) {
      return {
        ok: false,
        error: appError('INVALID_INPUT', { detail: 'Payload nested too deeply' }),
      };
    }
    const size = payloadSize(payload);
    if (size === null) {
      return {
        ok: false,
        error: appError('INVALID_INPUT', { detail: 'Payload is not plain data' }),
      };
    }
    if (size > definition.maxBytes) {
      return { ok: false, error: appError('PAYLOAD_TOO_LARGE') };
    }
    const input = definition.input.safeParse(payload);
    if (!input.success) {
      // Field paths and the schema's own messages only: never echo the payload's values.
      const detail = input.error.issues
        .slice(0, 5)
        .map((issue) =>
          issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
        )
        .join('; ');
      return { ok: false, error: appError('INVALID_INPUT', { detail }) };
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown;
      const output = definition.output.parse(await handler(input.data));
      return { ok: true, value: output };
    } catch (error) {
      if (error instanceof AppFailure) return { ok: false, error: error.appError };
      reportBug(error);
      return { ok: false, error: appError('INTERNAL') };
    }
  };
}
