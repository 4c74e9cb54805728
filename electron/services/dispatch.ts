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
import { appError } from '../../shared/errors.schema.ts';
import { AppFailure } from './failure.ts';

export type Handlers = {
  [N in RequestName]: (
    input: z.output<(typeof contract.requests)[N]['input']>,
  ) => Promise<RequestOutput<N>> | RequestOutput<N>;
};

export type Dispatch = (name: string, payload: unknown) => Promise<Result<unknown>>;

/** Deeper than any real payload; stops stack-exhausting structures before JSON sees them. */
const MAX_DEPTH = 32;

type PayloadProblem = 'too-deep' | 'too-large' | 'not-plain-data';

/** An object literal or JSON.parse result (from any realm), not a Map, Date, typed array, … */
function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Walks the payload once, before anything else looks at it, and stops as soon as it is nested
 * too deeply, holds something JSON has no form for, or a lower bound of its JSON size passes
 * `maxBytes`. The bound grows with every element visited, so the walk is cheap whatever a
 * hostile renderer sends: a 10 MB string, a sparse array of length 2^32, or (over Electron's
 * structured clone) an object graph whose shared references would expand to billions of
 * nodes. Counting is in UTF-16 units, which is at most the UTF-8 size.
 */
function inspectPayload(payload: unknown, maxBytes: number): PayloadProblem | null {
  let budget = maxBytes;
  const walk = (value: unknown, depth: number): PayloadProblem | null => {
    switch (typeof value) {
      case 'undefined':
        return null;
      case 'string':
        budget -= value.length + 2;
        break;
      case 'number':
      case 'boolean':
        budget -= 1;
        break;
      case 'object': {
        if (value === null) {
          budget -= 4;
          break;
        }
        if (depth >= MAX_DEPTH) return 'too-deep';
        if (Array.isArray(value)) {
          budget -= 1 + value.length; // brackets, and at least one character per element
          if (budget < 0) return 'too-large';
          for (let i = 0; i < value.length; i++) {
            const problem = walk(value[i], depth + 1);
            if (problem) return problem;
          }
          break;
        }
        if (!isPlainObject(value)) return 'not-plain-data';
        budget -= 2;
        const record = value as Record<string, unknown>;
        for (const key of Object.keys(record)) {
          const child = record[key];
          if (child === undefined) continue; // JSON leaves it out
          budget -= key.length + 3; // "key":
          if (budget < 0) return 'too-large';
          const problem = walk(child, depth + 1);
          if (problem) return problem;
        }
        break;
      }
      default:
        return 'not-plain-data'; // bigint, symbol, function
    }
    return budget < 0 ? 'too-large' : null;
  };
  return walk(payload, 0);
}

function payloadSize(payload: unknown): number | null {
  if (payload === undefined) return 0;
  try {
    return new TextEncoder().encode(JSON.stringify(payload) ?? '').length;
  } catch {
    return null; // cycles or BigInt: nothing a real renderer sends
  }
}

/** A field name from a path, as the schema declares it; anything else is not repeated. */
function pathSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return String(segment);
  return typeof segment === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(segment)
    ? segment
    : '…';
}

/**
 * Field paths and the schemas' own messages only: never the payload's values, nor the names
 * of fields the schema does not know (zod's "Unrecognized key" message quotes them, and a
 * renderer can make a key of anything: a pasted API key, 10 MB of text).
 */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const message =
        issue.code === 'unrecognized_keys'
          ? `Unknown field${issue.keys.length === 1 ? '' : 's'} (${issue.keys.length})`
          : issue.message;
      return issue.path.length ? `${issue.path.map(pathSegment).join('.')}: ${message}` : message;
    })
    .join('; ');
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
    const problem = inspectPayload(payload, definition.maxBytes);
    if (problem === 'too-deep') {
      return {
        ok: false,
        error: appError('INVALID_INPUT', { detail: 'Payload nested too deeply' }),
      };
    }
    if (problem === 'too-large') return { ok: false, error: appError('PAYLOAD_TOO_LARGE') };
    // Only now, with the walk's bound under the cap, is writing the JSON cheap.
    const size = problem === 'not-plain-data' ? null : payloadSize(payload);
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
      return {
        ok: false,
        error: appError('INVALID_INPUT', { detail: describeIssues(input.error.issues) }),
      };
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
