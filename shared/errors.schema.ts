// The one catalogue of errors that may cross IPC. Main turns every failure (Linq error
// envelopes, SDK exceptions, keychain trouble, bad payloads) into one of these values, so the
// renderer never sees raw exception text — and never anything that could contain the key.
import { z } from 'zod';
import { APP_ERROR_CODES, ERROR_ACTIONS, ERROR_CATALOGUE, appError } from './error-catalogue.ts';

export {
  APP_ERROR_CODES,
  CONNECTION_FAILURE_CODES,
  ERROR_CATALOGUE,
  appError,
  proxyRefusedMessage,
} from './error-catalogue.ts';

export const AppErrorCodeSchema = z.enum(APP_ERROR_CODES);
export type AppErrorCode = z.infer<typeof AppErrorCodeSchema>;

/** What the UI may offer as the next step for an error. */
export const ErrorActionSchema = z.enum(ERROR_ACTIONS);
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
  /**
   * The detail of a card Linq refused, where its answer names one (or the photo, when the
   * upload before the card was refused): the form marks that field when the card is edited.
   */
  field: z.enum(['firstName', 'lastName', 'phoneNumber', 'imageUrl', 'photo']).optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;
export type RefusedField = NonNullable<AppError['field']>;

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
  2006: 'NUMBER_NOT_ALLOWED',
  2012: 'CARD_NOT_FOUND',
  2014: 'CARD_EXISTS',
  2022: 'SETUP_INCOMPLETE',
  3005: 'TIMEOUT',
  3006: 'SERVER_ERROR',
  3007: 'SERVER_ERROR',
  4004: 'SERVER_ERROR',
};

/** Linq's names for a card's details, as its refusals spell them ("last_name must be …"). */
const LINQ_FIELD_NAMES: readonly [RegExp, RefusedField][] = [
  [/\bfirst_name\b/, 'firstName'],
  [/\blast_name\b/, 'lastName'],
  [/\bphone_number\b/, 'phoneNumber'],
  [/\bimage_url\b/, 'imageUrl'],
];

/**
 * Which detail a refusal is about: the phone number for Linq's 1002, otherwise the one field
 * its message names (none when it names several or none: then no field is marked wrongly).
 */
export function refusedFieldOf(
  linqCode: number | undefined,
  linqMessage: string | undefined,
): RefusedField | undefined {
  if (linqCode === 1002) return 'phoneNumber';
  if (!linqMessage) return undefined;
  const named = LINQ_FIELD_NAMES.filter(([pattern]) => pattern.test(linqMessage));
  return named.length === 1 ? named[0]![1] : undefined;
}

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
 * `scrub` takes the API key out of Linq's own text (main passes it): it runs before the text
 * is cut to length, since a cut through a key leaves a piece no later scrub would know.
 */
export function linqFailureToAppError(
  failure: LinqFailure,
  scrub: (text: string) => string = (text) => text,
): AppError {
  const envelope = readEnvelope(failure.body);
  const linqCode = envelope.error?.code;
  const known = linqCode !== undefined ? LINQ_CODE_TO_APP[linqCode] : undefined;
  const code = known ?? codeFromStatus(failure.status);
  const cut = (text: string | undefined, length: number) =>
    text ? scrub(text).slice(0, length) : undefined;
  const linqMessage = cut(envelope.error?.message, 500);
  const extra: Partial<AppError> = { status: failure.status };
  if (linqCode !== undefined) extra.linqCode = linqCode;
  const traceId = cut(envelope.trace_id, 200);
  if (traceId) extra.traceId = traceId;
  const docUrl = cut(envelope.error?.doc_url, 500);
  if (docUrl) extra.docUrl = docUrl;
  // Whichever of body and header asks for the longer wait: asking earlier than either says
  // would only be refused again (and may extend the limit).
  const waits = [envelope.error?.retry_after, failure.retryAfterHeaderSeconds].filter(
    (wait) => wait !== undefined,
  );
  const retryAfter = waits.length > 0 ? Math.max(...waits) : undefined;
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
  if (failure.status >= 400 && failure.status < 500) {
    const field = refusedFieldOf(linqCode, linqMessage);
    if (field) extra.field = field;
  }
  if (code === 'RATE_LIMITED' && retryAfter !== undefined) {
    extra.message = rateLimitedMessage(retryAfter);
  }
  return appError(code, extra);
}

function rateLimitedMessage(seconds: number): string {
  return `Linq is receiving too many requests right now. Try again in ${Math.ceil(seconds)} seconds.`;
}

/** RATE_LIMITED with the wait still to go, for a request the app held back itself. */
export function rateLimitedError(
  retryAfterSeconds: number,
  extra: Partial<Omit<AppError, 'code'>> = {},
): AppError {
  return appError('RATE_LIMITED', {
    ...extra,
    retryAfterSeconds,
    message: rateLimitedMessage(retryAfterSeconds),
  });
}

/** A one-line text for an error, with the trace id when there is one (for copying to support). */
export function describeError(error: AppError): string {
  return error.traceId ? `${error.message} (trace id: ${error.traceId})` : error.message;
}
