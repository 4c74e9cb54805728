// Turns whatever a caller logs into plain JSON data with every string redacted: nested objects,
// arrays, Maps, fetch Headers, and Errors with their stack, own fields (code, status, Linq's
// body) and cause chain. Bounded in depth, width and length, and safe with cycles, so logging
// an odd value can neither throw nor write a megabyte line.
import { REDACTED, isSecretField, type Redactor } from './redact.ts';

const MAX_DEPTH = 8;
const MAX_ITEMS = 50;
const MAX_STRING = 8_000;

function cut(text: string): string {
  // Redacted before it is cut, so a cut can never leave part of a secret behind.
  return text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}… (${text.length} chars)` : text;
}

function isHeadersLike(value: object): value is { entries(): Iterable<[string, string]> } {
  return (
    typeof (value as { entries?: unknown }).entries === 'function' &&
    typeof (value as { get?: unknown }).get === 'function' &&
    typeof (value as { has?: unknown }).has === 'function' &&
    !(value instanceof Map)
  );
}

export function toLoggable(value: unknown, redactor: Redactor): unknown {
  const seen = new WeakSet<object>();

  function entries(pairs: Iterable<[unknown, unknown]>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const [rawKey, child] of pairs) {
      if (count++ >= MAX_ITEMS) {
        out['…'] = 'more fields left out';
        break;
      }
      const key = redactor.redactText(String(rawKey));
      out[key] = field(key, child, depth);
    }
    return out;
  }

  function field(name: string, child: unknown, depth: number): unknown {
    // A credential by its name: nothing of it is written, whatever its type (absence is kept,
    // since "the header was missing" is worth knowing).
    if (isSecretField(name) && child !== null && child !== undefined && child !== '') {
      return typeof child === 'boolean' ? child : REDACTED;
    }
    return convert(child, depth + 1);
  }

  function errorFields(error: Error, depth: number): Record<string, unknown> {
    const own = Object.entries(error).filter(
      ([key]) => !['name', 'message', 'stack'].includes(key),
    );
    const out: Record<string, unknown> = {
      name: convert(error.name, depth + 1),
      message: convert(error.message, depth + 1),
      ...(error.stack ? { stack: convert(error.stack, depth + 1) } : {}),
      ...entries(own, depth),
    };
    // `cause` is not enumerable when set through the Error constructor's options.
    if (error.cause !== undefined && !('cause' in out)) out.cause = convert(error.cause, depth + 1);
    return out;
  }

  function convert(input: unknown, depth: number): unknown {
    switch (typeof input) {
      case 'string':
        return cut(redactor.redactText(input));
      case 'number':
      case 'boolean':
      case 'undefined':
        return input;
      case 'bigint':
        return input.toString();
      case 'symbol':
        return cut(redactor.redactText(input.toString()));
      case 'function':
        return `[function ${input.name || 'anonymous'}]`;
    }
    if (input === null) return null;
    const object = input as object;
    if (seen.has(object)) return '[circular]';
    if (depth > MAX_DEPTH) return '[nested too deeply]';
    seen.add(object);
    try {
      if (object instanceof Date) {
        return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
      }
      if (object instanceof Error) return errorFields(object, depth);
      if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
        return `[${object.byteLength} bytes]`;
      }
      if (object instanceof URL) return convert(object.href, depth);
      if (Array.isArray(object) || object instanceof Set) {
        const items = [...object];
        const shown = items.slice(0, MAX_ITEMS).map((item) => convert(item, depth + 1));
        if (items.length > MAX_ITEMS) shown.push(`… ${items.length - MAX_ITEMS} more`);
        return shown;
      }
      if (object instanceof Map) return entries(object.entries(), depth);
      if (isHeadersLike(object)) return entries(object.entries(), depth);
      return entries(Object.entries(object), depth);
    } catch {
      // A getter that throws, a revoked proxy: the line is still written, without this value.
      return '[unreadable]';
    } finally {
      seen.delete(object);
    }
  }

  return convert(value, 0);
}
