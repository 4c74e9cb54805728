// Every call to Linq goes through here, with Linq's official SDK. This module decides the
// retry policy on purpose (the SDK's default retries a 409, which would re-send a setup POST
// three times), validates every answer (a malformed body must not reach the UI as a card),
// and turns every failure into an AppFailure from the shared catalogue. It also keeps Linq's
// 429s: no read goes out before the wait an answer asked for (net/rate-gate.ts).
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  LinqAPIV3,
} from '@linqapp/sdk';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { linqFailureToAppError, rateLimitedError } from '../../shared/errors.schema.ts';
import type { Card, CardSetup, CardUpdate } from '../../shared/card.schema.ts';
import { LineReputationSchema, type LineReputation } from '../../shared/lines.schema.ts';
import { AppFailure } from './failure.ts';
import type { FetchLike } from './net/fetch.ts';
import {
  REDIRECT_REFUSED_MESSAGE,
  isRefusedRedirect,
  refusingRedirects,
} from './net/no-redirects.ts';
import { createRateGate, type RateGate } from './net/rate-gate.ts';
import { HELD_BACK_HEADER, rateLimitFetch } from './net/rate-limit-fetch.ts';
import {
  classifyNetworkError,
  networkAppFailure,
  proxyAuthRequired,
} from './net/network-failure.ts';
import { scrubSecretText, withoutSecret } from './secret-scrub.ts';

export interface LinqConnection {
  apiKey: string;
  baseUrl: string;
}

/** One of the account's lines, as GET /v3/phone_numbers lists it. */
export interface PhoneLine {
  id: string;
  phoneNumber: string;
  /** null when Linq reports none, or a status this app does not know. */
  reputation: LineReputation | null;
  /** Linq's page about the reputation: only an https URL on docs.linqapp.com, else null. */
  reputationDocUrl: string | null;
}

export interface LinqClientOptions {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries for reads only; writes are never retried by the SDK (no idempotency key). */
  readRetries: number;
  /** Every request, the reachability probe's included, goes through this. */
  fetch: FetchLike;
  /** One gate per account (base URL and key); tests hand in one with their own clock. */
  rateGate?: () => RateGate;
}

export interface LinqClient {
  createCard(connection: LinqConnection, card: CardSetup): Promise<Card>;
  updateCard(connection: LinqConnection, update: CardUpdate): Promise<Card>;
  /** The number's card, or null when Linq has none (an empty list or a 404). */
  getCard(connection: LinqConnection, phoneNumber: string): Promise<Card | null>;
  /** Every card of the account (Linq does not paginate this list). */
  listCards(connection: LinqConnection): Promise<Card[]>;
  /** The account's lines; also the cheap authenticated read that checks a key works. */
  listPhoneNumbers(connection: LinqConnection): Promise<PhoneLine[]>;
  /**
   * Whether Linq answers at all: one short try, no retries, since a dead uplink that accepts
   * connections and never answers would otherwise hold a probe for minutes.
   */
  probe(connection: LinqConnection): Promise<void>;
}

/** A reachability probe gives up after this long (or the request timeout, if shorter). */
const PROBE_TIMEOUT_MS = 5_000;

// Answers are read with non-strict schemas: Linq may add fields at any time.
const WireCardSchema = z.object({
  phone_number: z.string(),
  first_name: z.string(),
  last_name: z.string().nullish(),
  image_url: z.string().nullish(),
  is_active: z.boolean(),
});
const WireCardListSchema = z.object({ contact_cards: z.array(WireCardSchema) });
const WirePhoneLineSchema = z.object({ id: z.string(), phone_number: z.string() });
const WireReputationSchema = z.object({ status: z.unknown(), doc_url: z.unknown() });

/** Where a reputation page may point: Linq's own documentation, over https, nothing else. */
function docsUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 500) return null;
  try {
    const url = new URL(value);
    const trusted =
      url.protocol === 'https:' &&
      url.hostname === 'docs.linqapp.com' &&
      url.port === '' &&
      url.username === '' &&
      url.password === '';
    return trusted ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A line's reputation: the docs call the field `reputation`, some answers (and the fake)
 * carry it as `health_status` too. Anything unexpected reads as "no reputation", never as an
 * error: the list of lines matters more than one field of it.
 */
function toPhoneLine(entry: unknown): PhoneLine | null {
  // Parsed twice on purpose: zod's object() drops the fields it was not told about.
  const line = WirePhoneLineSchema.safeParse(entry);
  if (!line.success) return null;
  const raw = entry as Record<string, unknown>;
  const wire = WireReputationSchema.safeParse(raw.reputation ?? raw.health_status);
  const status = wire.success ? LineReputationSchema.safeParse(wire.data.status) : null;
  const reputation = status?.success ? status.data : null;
  return {
    id: line.data.id,
    phoneNumber: line.data.phone_number,
    reputation,
    reputationDocUrl: reputation && wire.success ? docsUrl(wire.data.doc_url) : null,
  };
}

function toCard(wire: z.infer<typeof WireCardSchema>): Card {
  return {
    phoneNumber: wire.phone_number,
    firstName: wire.first_name,
    lastName: wire.last_name ?? null,
    imageUrl: wire.image_url ?? null,
    isActive: wire.is_active,
  };
}

function parseAnswer<T>(schema: z.ZodType<T>, answer: unknown): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    throw AppFailure.of(
      'MALFORMED_RESPONSE',
      {
        detail: `Unexpected answer: ${parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
          .join('; ')}`,
      },
      undefined,
      'answered',
    );
  }
  return parsed.data;
}

function retryAfterHeaderSeconds(headers: Headers | undefined): number | undefined {
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * Maps whatever the SDK threw to an AppFailure; never passes raw exception text on. With the
 * call's key, Linq's own text is cleared of it (and of any piece of it) before it is cut.
 */
export function toAppFailure(error: unknown, apiKey?: string): AppFailure {
  if (error instanceof AppFailure) return error;
  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    return AppFailure.of('TIMEOUT', {}, error, 'unknown');
  }
  if (error instanceof APIConnectionError) {
    // Whichever fetch made the request (Node's or Chromium's), told apart by network-failure.ts;
    // a failure it does not know may have happened after the request was written.
    const failure = classifyNetworkError(error);
    if (failure) return networkAppFailure(failure, error);
    // A 3xx the fetch refused to follow (net/no-redirects.ts): the server did not take the
    // request as it was, and it went nowhere else; not a network outage.
    if (isRefusedRedirect(error)) {
      return AppFailure.of(
        'LINQ_ERROR',
        { message: REDIRECT_REFUSED_MESSAGE, detail: 'Redirect refused' },
        error,
        'not-sent',
      );
    }
    return AppFailure.of('NETWORK_UNREACHABLE', {}, error, 'unknown');
  }
  // A proxy that wants a sign-in and answers a plain-http request itself: never reached Linq.
  if (error instanceof APIError && error.status === 407) {
    return networkAppFailure(proxyAuthRequired(), error);
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    // A retry the rate gate held back (see rate-limit-fetch.ts): Linq never saw it.
    const heldBack = (error.headers as Headers | undefined)?.get(HELD_BACK_HEADER) === '1';
    return new AppFailure(
      linqFailureToAppError(
        {
          status: error.status,
          body: error.error,
          retryAfterHeaderSeconds: retryAfterHeaderSeconds(error.headers as Headers | undefined),
        },
        apiKey ? (text) => scrubSecretText(text, apiKey) : undefined,
      ),
      { cause: error, delivery: heldBack ? 'not-sent' : 'answered' },
    );
  }
  // A 2xx whose JSON does not parse surfaces as a SyntaxError from response.json().
  if (error instanceof SyntaxError)
    return AppFailure.of('MALFORMED_RESPONSE', {}, error, 'answered');
  return AppFailure.of('INTERNAL', {}, error, 'unknown');
}

/**
 * The SDK client for one call, as every caller needs it: the injected fetch, refusing redirects
 * (net/no-redirects.ts), no retries unless a call asks for them, and never the console, whatever
 * LINQ_API_V3_LOG says (the SDK's debug output shows requests).
 */
export function linqSdk(
  connection: LinqConnection,
  options: { timeoutMs: number; fetch: FetchLike },
): LinqAPIV3 {
  return new LinqAPIV3({
    apiKey: connection.apiKey,
    baseURL: connection.baseUrl,
    timeout: options.timeoutMs,
    maxRetries: 0,
    logLevel: 'off',
    fetch: refusingRedirects(options.fetch),
  });
}

/**
 * A RATE_LIMITED failure says the whole wait the gate keeps, when that is longer than this
 * answer's own (another call's 429 asked for more): callers schedule their next try from it.
 */
function withGateWait(failure: AppFailure, gate: RateGate): AppFailure {
  const gateSeconds = gate.remainingMs() / 1000;
  const { code, ...fields } = failure.appError;
  if (code !== 'RATE_LIMITED' || gateSeconds <= (fields.retryAfterSeconds ?? 0)) return failure;
  return new AppFailure(rateLimitedError(gateSeconds, fields), {
    cause: failure.cause,
    delivery: failure.delivery,
  });
}

export function createLinqClient(options: LinqClientOptions): LinqClient {
  const newGate = options.rateGate ?? (() => createRateGate());
  /**
   * Linq's rate limits are per account: one gate per base URL and key, found by a digest of
   * the two, so that no key (a removed or refused one included) stays behind in this map.
   */
  const gates = new Map<string, RateGate>();
  function gateFor(connection: LinqConnection): RateGate {
    const id = createHash('sha256')
      .update(`${connection.baseUrl}\n${connection.apiKey}`)
      .digest('base64');
    let gate = gates.get(id);
    if (!gate) gates.set(id, (gate = newGate()));
    return gate;
  }
  const sdk = (connection: LinqConnection) =>
    linqSdk(connection, {
      timeoutMs: options.timeoutMs,
      fetch: rateLimitFetch(options.fetch, gateFor(connection)),
    });

  /**
   * One call. A read first passes the account's rate gate: it waits out a short rest of a
   * 429's wait, and is refused (RATE_LIMITED, not sent) during a longer one. Writes are not
   * held: the outbox decides when they go.
   */
  async function call<T>(
    connection: LinqConnection,
    work: () => Promise<unknown>,
    schema: z.ZodType<T>,
    kind: 'read' | 'write',
  ): Promise<T> {
    const gate = gateFor(connection);
    let answer: unknown;
    try {
      if (kind === 'read') await gate.admit();
      answer = await work();
    } catch (error) {
      // Linq's own wording is passed on; should it ever quote the key, the key stays here.
      const failure = withGateWait(toAppFailure(error, connection.apiKey), gate);
      const clean = withoutSecret(failure.appError, connection.apiKey);
      if (clean === failure.appError) throw failure;
      throw new AppFailure(clean, { cause: error, delivery: failure.delivery });
    }
    return parseAnswer(schema, answer);
  }

  const reads = { maxRetries: options.readRetries };

  return {
    async createCard(connection, card) {
      const body = {
        phone_number: card.phoneNumber,
        first_name: card.firstName,
        ...(card.lastName ? { last_name: card.lastName } : {}),
        ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
      };
      // maxRetries 0: Linq has no idempotency key, so a POST is sent exactly once.
      return toCard(
        await call(
          connection,
          () => sdk(connection).contactCard.create(body, { maxRetries: 0 }),
          WireCardSchema,
          'write',
        ),
      );
    },

    async updateCard(connection, update) {
      const params = {
        phone_number: update.phoneNumber,
        ...(update.firstName !== undefined ? { first_name: update.firstName } : {}),
        ...(update.lastName !== undefined ? { last_name: update.lastName } : {}),
        ...(update.imageUrl !== undefined ? { image_url: update.imageUrl } : {}),
      };
      return toCard(
        await call(
          connection,
          () => sdk(connection).contactCard.update(params, { maxRetries: 0 }),
          WireCardSchema,
          'write',
        ),
      );
    },

    async getCard(connection, phoneNumber) {
      try {
        const list = await call(
          connection,
          () => sdk(connection).contactCard.retrieve({ phone_number: phoneNumber }, reads),
          WireCardListSchema,
          'read',
        );
        const match = list.contact_cards.find((card) => card.phone_number === phoneNumber);
        return match ? toCard(match) : null;
      } catch (error) {
        // Linq does not document the answer for a number without a card; a 404 means "none".
        if (error instanceof AppFailure && error.appError.status === 404) return null;
        throw error;
      }
    },

    async listCards(connection) {
      // Tolerant of odd entries: one malformed card must not hide all the others.
      const answer = await call(
        connection,
        () => sdk(connection).contactCard.retrieve({}, reads),
        z.object({ contact_cards: z.array(z.unknown()) }),
        'read',
      );
      return answer.contact_cards.flatMap((entry) => {
        const card = WireCardSchema.safeParse(entry);
        return card.success ? [toCard(card.data)] : [];
      });
    },

    async probe(connection) {
      await call(
        connection,
        () =>
          sdk(connection).phoneNumbers.list({
            maxRetries: 0,
            timeout: Math.min(PROBE_TIMEOUT_MS, options.timeoutMs),
          }),
        z.unknown(),
        'read',
      );
    },

    async listPhoneNumbers(connection) {
      // Tolerant of odd entries, like listCards: one malformed line must not hide the others.
      const answer = await call(
        connection,
        () => sdk(connection).phoneNumbers.list(reads),
        z.object({ phone_numbers: z.array(z.unknown()) }),
        'read',
      );
      return answer.phone_numbers.flatMap((entry) => toPhoneLine(entry) ?? []);
    },
  };
}
