// Shapes shared by the fake Linq server's parts. Wire shapes follow @linqapp/sdk 0.28.2.
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeState } from './state.ts';

export interface ContactCard {
  phone_number: string;
  first_name: string;
  last_name?: string;
  image_url?: string;
  is_active: boolean;
}

export type Reputation = 'HEALTHY' | 'AT_RISK' | 'CRITICAL';

export interface PhoneLine {
  id: string;
  phone_number: string;
  /** null: the line is listed without any reputation field, as older API versions do. */
  reputation: Reputation | null;
  /** Fields written over the listed entry as they are: odd answers a client must survive. */
  wire?: Record<string, unknown>;
}

export interface Attachment {
  id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
  /** Milliseconds since the epoch; the presigned PUT is refused after this. */
  uploadExpiresAt: number;
  requiredHeaders: Record<string, string>;
  signature: string;
  bytes?: Buffer;
}

export type Effect =
  | 'card.created'
  | 'card.updated'
  /** A 503/4004 left the number's card not active (Linq: "the card is left not active"). */
  | 'card.deactivated'
  /** A card stored inactive by inactiveNext({ activateAfterMs }) became active by itself. */
  | 'card.activated'
  | 'attachment.created'
  | 'attachment.uploaded';

export interface LedgerEntry {
  seq: number;
  at: string;
  effect: Effect;
  phoneNumber?: string;
  body: unknown;
  requestId: string;
}

/**
 * How a request ended: a normal answer, an injected fault, a dropped socket, a mangled body,
 * or refused by one of Linq's documented write limits (429 budget or 503/4004 hold).
 */
export type Outcome = 'answered' | 'fault' | 'reset' | 'malformed' | 'aborted' | 'limited';

export interface RequestLogEntry {
  id: string;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Request headers without Authorization (tests only need `authorised`). */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body of API calls, when it parsed; never upload bytes. */
  body?: unknown;
  /** Whether it carried the right bearer key (uploads and CDN reads need none). */
  authorised: boolean;
  /** null when no answer was sent (socket reset or client gone). */
  status: number | null;
  outcome: Outcome;
}

export interface RequestFilter {
  method?: string;
  /** Exact path, or its ending (e.g. '/v3/contact_card'), or a RegExp over the path. */
  path?: string | RegExp;
}

export interface FailureSpec extends RequestFilter {
  status: number;
  /** Linq error code; defaults to the usual one for the status (e.g. 503 → 4004). */
  code?: number;
  message?: string;
  retryAfterSeconds?: number;
  /** false: retry_after only in the body, no Retry-After header (Linq's docs allow either). */
  retryAfterHeader?: boolean;
  headers?: Record<string, string>;
  /** Sent instead of the error envelope: a string goes out verbatim, anything else as JSON. */
  body?: unknown;
}

/** Which successful contact-card writes inactiveNext() leaves inactive. */
export interface InactiveSpec {
  /** 'POST' or 'PATCH'; both when absent. */
  method?: string;
  phoneNumber?: string;
  /** The card stored inactive becomes active by itself this long after (if still stored). */
  activateAfterMs?: number;
}

export type MalformKind = 'not-json' | 'html' | 'missing-fields' | 'empty';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as application/json. */
  json?: unknown;
  /** Sent verbatim (takes precedence over json). */
  raw?: string | Buffer;
}

/** What route handlers may use besides the request. */
export interface FakeEnv {
  state: FakeState;
  apiKey: string;
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Origin written into download_url; the server still serves /__cdn/ on `origin`. */
  downloadOrigin: string;
  /** Signs presigned upload URLs so a tampered URL is refused like S3 would. */
  secret: Buffer;
}

export interface RequestContext {
  id: string;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Settings {
  /** 403/2006 for numbers that are not the account's lines (plausible, undocumented). */
  enforceOwnNumbers: boolean;
  /** GET ?phone_number= for a number without a card: Linq does not document which. */
  unknownCardAnswer: 'empty' | '404';
  /**
   * Linq's later SDKs say GET "retrieves the active card(s)", yet list items carry is_active;
   * by default inactive cards are listed (with is_active false), true hides them from GET with
   * and without ?phone_number= (a read-back after a 2022 or 4004 then shows nothing).
   */
  hideInactiveCards: boolean;
  /** Whether POST/PATCH report the card as applied to the device. */
  cardActivation: 'active' | 'inactive';
  uploadUrlTtlMs: number;
}
