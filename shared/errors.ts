// The one catalogue of errors that may cross IPC. Main turns every failure (Linq error
// envelopes, SDK exceptions, keychain trouble, bad payloads) into one of these values, so the
// renderer never sees raw exception text — and never anything that could contain the key.
import { z } from 'zod';

export const APP_ERROR_CODES = [
  'KEY_MISSING',
  'KEY_REJECTED',
  'PERMISSION_DENIED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_LOAD_FAILED',
  'KEYCHAIN_FAILED',
  'INVALID_INPUT',
  'INVALID_PHONE',
  'CARD_EXISTS',
  'CARD_NOT_FOUND',
  'RATE_LIMITED',
  'SETUP_INCOMPLETE',
  'SERVER_ERROR',
  'NETWORK_UNREACHABLE',
  'TIMEOUT',
  'MALFORMED_RESPONSE',
  'LINQ_ERROR',
  'FORBIDDEN_SENDER',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
] as const;

export const AppErrorCodeSchema = z.enum(APP_ERROR_CODES);
export type AppErrorCode = z.infer<typeof AppErrorCodeSchema>;

/** What the UI may offer as the next step for an error. */
export const ErrorActionSchema = z.enum([
  'open-key-settings',
  'update-instead',
  'retry',
  'fix-input',
]);
export type ErrorAction = z.infer<typeof ErrorActionSchema>;

export const AppErrorSchema = z.strictObject({
  code: AppErrorCodeSchema,
  message: z.string(),
  detail: z.string().optional(),
  action: ErrorActionSchema.optional(),
  status: z.number().int().optional(),
  linqCode: z.number().int().optional(),
  traceId: z.string().optional(),
  retryAfterSeconds: z.number().nonnegative().optional(),
  docUrl: z.string().optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

interface CatalogueEntry {
  message: string;
  action?: ErrorAction;
}

/** Plain-language message and suggested next step for each app error code. */
export const ERROR_CATALOGUE: Record<AppErrorCode, CatalogueEntry> = {
  KEY_MISSING: {
    message: 'No Linq API key is set yet. Add your key under API key to continue.',
    action: 'open-key-settings',
  },
  KEY_REJECTED: {
    message:
      'Linq did not accept the API key. Check the key under API key, or ask your Linq admin for a new one.',
    action: 'open-key-settings',
  },
  PERMISSION_DENIED: {
    message:
      'This API key is not allowed to do that. Ask your Linq admin to grant contact-card access, or use another key.',
    action: 'open-key-settings',
  },
  KEYCHAIN_UNAVAILABLE: {
    message:
      'The system keychain is not available, so the API key cannot be stored or read. On Linux, install and start a Secret Service such as GNOME Keyring, then try again.',
  },
  KEYCHAIN_LOCKED: {
    message:
      'The system keychain is locked. Unlock it (for example by logging in again or opening your keyring app), then try again.',
  },
  KEYCHAIN_LOAD_FAILED: {
    message:
      'The keychain module could not be loaded, so the API key cannot be stored. Reinstall the app; on Linux make sure libsecret is installed.',
  },
  KEYCHAIN_FAILED: {
    message:
      'The system keychain reported an error. Try again; if it keeps happening, restart the keyring service.',
  },
  INVALID_INPUT: {
    message: 'Some of the information is not valid. Check the highlighted fields.',
    action: 'fix-input',
  },
  INVALID_PHONE: {
    message:
      'Linq says the phone number is not in international format. Check the number and try again.',
    action: 'fix-input',
  },
  CARD_EXISTS: {
    message: 'This number already has a contact card. You can update the existing card instead.',
    action: 'update-instead',
  },
  CARD_NOT_FOUND: {
    message: 'Linq has no contact card for this number yet. Set one up first.',
    action: 'fix-input',
  },
  RATE_LIMITED: {
    message: 'Linq is receiving too many requests right now. Wait a moment, then try again.',
    action: 'retry',
  },
  SETUP_INCOMPLETE: {
    message:
      'Linq could not finish applying the card to the phone line. Try again — this usually works on a second attempt.',
    action: 'retry',
  },
  SERVER_ERROR: {
    message: 'Linq had a problem on its side. Try again in a few minutes.',
    action: 'retry',
  },
  NETWORK_UNREACHABLE: {
    message: 'Could not reach Linq. Check your internet connection, then try again.',
    action: 'retry',
  },
  TIMEOUT: {
    message:
      'Linq took too long to answer. Try again; if it keeps happening, check your connection.',
    action: 'retry',
  },
  MALFORMED_RESPONSE: {
    message:
      'Linq sent an answer the app could not understand. Try again; if it persists, contact support.',
    action: 'retry',
  },
  LINQ_ERROR: {
    message: 'Linq reported an error.',
  },
  FORBIDDEN_SENDER: {
    message: 'This request did not come from the app itself and was refused.',
  },
  PAYLOAD_TOO_LARGE: {
    message: 'The request was too large and was refused.',
    action: 'fix-input',
  },
  INTERNAL: {
    message:
      'Something went wrong inside the app. Try again; if it keeps happening, restart the app.',
    action: 'retry',
  },
};

/** Builds a catalogue error, optionally overriding the message or adding details. */
export function appError(
  code: AppErrorCode,
  extra: Partial<Omit<AppError, 'code'>> = {},
): AppError {
  const entry = ERROR_CATALOGUE[code];
  const error: AppError = { code, message: entry.message, ...extra };
  if (entry.action && !error.action) error.action = entry.action;
  return error;
}

/** Linq error codes (from the API's error envelope) mapped to the app's codes. */
const LINQ_CODE_TO_APP: Record<number, AppErrorCode> = {
  1001: 'INVALID_INPUT',
  1002: 'INVALID_PHONE',
  1003: 'INVALID_INPUT',
  1005: 'INVALID_INPUT',
  1007: 'RATE_LIMITED',
  2001: 'CARD_NOT_FOUND',
  2004: 'KEY_REJECTED',
  2005: 'PERMISSION_DENIED',
  2006: 'PERMISSION_DENIED',
  2012: 'CARD_NOT_FOUND',
  2014: 'CARD_EXISTS',
  2022: 'SETUP_INCOMPLETE',
  3005: 'TIMEOUT',
  3006: 'SERVER_ERROR',
  3007: 'SERVER_ERROR',
  4004: 'SERVER_ERROR',
};

/** Used when the body carries no usable Linq code. */
function codeFromStatus(status: number): AppErrorCode {
  if (status === 401) return 'KEY_REJECTED';
  if (status === 403) return 'PERMISSION_DENIED';
  if (status === 409) return 'CARD_EXISTS';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 408 || status === 504) return 'TIMEOUT';
  if (status >= 500) return 'SERVER_ERROR';
  if (status === 400 || status === 422) return 'INVALID_INPUT';
  return 'LINQ_ERROR';
}

export interface LinqFailure {
  status: number;
  /** The parsed response body, whatever shape it has (may be undefined or not an object). */
  body: unknown;
  /** Seconds from a `Retry-After` header, if the response had one. */
  retryAfterHeaderSeconds?: number;
}

function readEnvelope(body: unknown) {
  const envelope = z
    .object({
      error: z
        .object({
          code: z.number().int().optional(),
          message: z.string().optional(),
          doc_url: z.string().optional(),
          retry_after: z.number().nonnegative().optional(),
        })
        .optional(),
      trace_id: z.string().optional(),
    })
    .safeParse(body);
  return envelope.success ? envelope.data : {};
}

/**
 * Turns a Linq error answer (status + body) into an app error. Known codes get the
 * catalogue's message; unknown ones still get a readable message from status, code and
 * Linq's own message. The trace id is always carried along: staff quote it to support.
 */
export function linqFailureToAppError(failure: LinqFailure): AppError {
  const envelope = readEnvelope(failure.body);
  const linqCode = envelope.error?.code;
  const known = linqCode !== undefined ? LINQ_CODE_TO_APP[linqCode] : undefined;
  const code = known ?? codeFromStatus(failure.status);
  const linqMessage = envelope.error?.message?.slice(0, 500);
  const extra: Partial<AppError> = { status: failure.status };
  if (linqCode !== undefined) extra.linqCode = linqCode;
  if (envelope.trace_id) extra.traceId = envelope.trace_id.slice(0, 200);
  if (envelope.error?.doc_url) extra.docUrl = envelope.error.doc_url.slice(0, 500);
  const retryAfter = envelope.error?.retry_after ?? failure.retryAfterHeaderSeconds;
  if (retryAfter !== undefined) extra.retryAfterSeconds = retryAfter;
  if (code === 'LINQ_ERROR' || (!known && code !== 'KEY_REJECTED')) {
    // Unknown code: say what Linq said, with the numbers support will ask for.
    const parts = [`Linq answered with HTTP ${failure.status}`];
    if (linqCode !== undefined) parts.push(`error ${linqCode}`);
    const base = code === 'LINQ_ERROR' ? parts.join(', ') + '.' : ERROR_CATALOGUE[code].message;
    extra.message = linqMessage ? `${base} Linq says: “${linqMessage}”` : base;
    if (code !== 'LINQ_ERROR') extra.detail = parts.join(', ');
  } else if (linqMessage) {
    extra.detail = linqMessage;
  }
  if (code === 'RATE_LIMITED' && retryAfter !== undefined) {
    extra.message = `Linq is receiving too many requests right now. Try again in ${Math.ceil(retryAfter)} seconds.`;
  }
  return appError(code, extra);
}

/** A one-line text for an error, with the trace id when there is one (for copying to support). */
export function describeError(error: AppError): string {
  return error.traceId ? `${error.message} (trace id: ${error.traceId})` : error.message;
}
