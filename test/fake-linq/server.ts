// A fake Linq API on loopback for tests and manual runs: real HTTP, faithful answers (see
// /work/shared/LINQ_API.md), and switches for every way the real one can misbehave.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultControls, malform } from './faults.ts';
import type { FaultMix, HeldAnswer, ResetSpec } from './faults.ts';
import { linqError } from './replies.ts';
import { BodyTooLargeError, JSON_BODY_LIMIT, parseJsonObject, readBody } from './request-body.ts';
import { API_PREFIX, handleApi, isAuthorised } from './routes-api.ts';
import { cardToWire } from './routes-contact-card.ts';
import { CONTROL_PREFIX, handleControl } from './routes-control.ts';
import type { ControlTarget } from './routes-control.ts';
import { CDN_PREFIX, UPLOAD_PREFIX, handleCdn, handleUpload } from './routes-storage.ts';
import { FakeState } from './state.ts';
import { bodyLimitFor, dropConnection, listen, send, sleep, tooLargeReply } from './transport.ts';
import { WriteLimits, cardWriteOf } from './write-limits.ts';
import type { WriteBudget, WriteLimitCounters } from './write-limits.ts';
import type {
  Attachment,
  ContactCard,
  FailureSpec,
  FakeEnv,
  InactiveSpec,
  LedgerEntry,
  MalformKind,
  Outcome,
  PhoneLine,
  Reply,
  Reputation,
  RequestContext,
  RequestFilter,
  RequestLogEntry,
  Settings,
} from './types.ts';

export type * from './types.ts';
export type { FaultMix, HeldAnswer, ResetSpec } from './faults.ts';
export type { WriteBudget, WriteLimitCounters } from './write-limits.ts';

export const DEFAULT_TEST_API_KEY = 'linq_test_key_0000000000001234';

export interface FakeLinqOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  apiKey?: string;
  host?: '127.0.0.1';
  enforceOwnNumbers?: boolean;
  unknownCardAnswer?: 'empty' | '404';
  hideInactiveCards?: boolean;
  /** Cards present at start and restored by reset(). */
  initialCards?: ContactCard[];
  /**
   * Origin written into download_url, e.g. 'https://cdn.fake-linq.invalid' for an app that
   * only accepts https image URLs. The bytes stay fetchable at `origin` + the same path.
   */
  downloadUrlOrigin?: string;
  /** Called after every logged request is answered (or dropped). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Serve https with this key and certificate (PEM) instead of plain http. */
  tls?: { key: string; cert: string };
}

export interface FakeLinq {
  /** What the SDK takes as baseURL, e.g. http://127.0.0.1:41234/api/partner */
  readonly baseUrl: string;
  readonly origin: string;
  readonly port: number;
  readonly apiKey: string;
  readonly online: boolean;
  readonly cards: Map<string, ContactCard>;
  readonly phoneNumbers: PhoneLine[];
  readonly attachments: Map<string, Attachment>;
  /** Every change actually applied, in order. */
  readonly ledger: LedgerEntry[];
  /** Every request received except /__fake/ control calls. */
  readonly requests: RequestLogEntry[];
  /** Behaviour switches; may be changed at any time. */
  readonly settings: Settings;
  seedCard(card: Omit<ContactCard, 'is_active'> & { is_active?: boolean }): ContactCard;
  addPhoneNumber(
    phoneNumber: string,
    options?: { id?: string; reputation?: Reputation | null; wire?: Record<string, unknown> },
  ): PhoneLine;
  /** Back to the starting state: cards, lines, ledger, log, settings and every fault. */
  reset(): void;
  setLatency(ms: number): void;
  failNext(count: number, spec: FailureSpec): void;
  setFailureRate(status: number, rate: number, options?: Omit<FailureSpec, 'status'>): void;
  setSeed(seed: number): void;
  rateLimitNext(count: number, retryAfterSeconds: number, filter?: RequestFilter): void;
  resetConnectionNext(spec: ResetSpec): void;
  /** A random mix of faults on contact-card writes (null switches it off). */
  setFaultMix(mix: FaultMix | null): void;
  /** Applies the next matching request, then holds its answer until released. */
  holdAnswerNext(filter: RequestFilter): HeldAnswer;
  malformNext(count: number, kind: MalformKind, filter?: RequestFilter): void;
  setCardActivation(state: 'active' | 'inactive'): void;
  /** The next `count` successful writes matching `spec` store and answer is_active false. */
  inactiveNext(count: number, spec?: InactiveSpec): void;
  /** GET lists only active cards (Linq: it "retrieves the active card(s)"). */
  setHideInactiveCards(hide: boolean): void;
  /**
   * Linq's per-number budget shared by POST and PATCH (Linq's: 3 per 10 minutes); a write
   * beyond it gets 429/1007 with retry_after and Retry-After, changing nothing. null: off.
   */
  setWriteBudget(budget: WriteBudget | null): void;
  /**
   * The number's next write gets 503/4004 and starts a hold of holdMs: every write for it
   * within the hold gets 4004 again and extends the hold; its card is left not active.
   */
  limitUpstream(phoneNumber: string, holdMs: number): void;
  /** Counts of writes refused by the budget and by 4004 holds (a copy). */
  readonly writeLimits: WriteLimitCounters;
  setUploadUrlTtl(ms: number): void;
  /** Stops listening and drops every open connection, keep-alive ones included. */
  goOffline(): Promise<void>;
  /** Listens again on the same port. */
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeLinq(options: FakeLinqOptions = {}): Promise<FakeLinq> {
  const host = options.host ?? '127.0.0.1';
  const apiKey = options.apiKey ?? DEFAULT_TEST_API_KEY;
  const state = new FakeState(options.initialCards ?? [], {
    ...(options.enforceOwnNumbers !== undefined
      ? { enforceOwnNumbers: options.enforceOwnNumbers }
      : {}),
    ...(options.unknownCardAnswer ? { unknownCardAnswer: options.unknownCardAnswer } : {}),
    ...(options.hideInactiveCards !== undefined
      ? { hideInactiveCards: options.hideInactiveCards }
      : {}),
  });
  const faults = new FaultControls();
  const limits = new WriteLimits(state);
  const server = options.tls ? createTlsServer(options.tls) : createServer();
  const port = await listen(server, options.port ?? 0, host);
  const origin = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  const env: FakeEnv = {
    state,
    apiKey,
    origin,
    downloadOrigin: options.downloadUrlOrigin?.replace(/\/$/, '') ?? origin,
    secret: randomBytes(32),
  };
  let online = true;
  let closed = false;
  let offlineTimer: NodeJS.Timeout | undefined;

  function route(ctx: RequestContext, authorised: boolean): Reply {
    const path = ctx.url.pathname;
    if (path.startsWith(API_PREFIX + '/')) return handleApi(ctx, env, authorised);
    if (path.startsWith(UPLOAD_PREFIX)) return handleUpload(ctx, env);
    if (path.startsWith(CDN_PREFIX)) return handleCdn(ctx, env);
    return linqError(404, 2001, `No route for ${ctx.method} ${path}`);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    if (path.startsWith(CONTROL_PREFIX)) {
      const answer = handleControl(method, path, await readBody(req, JSON_BODY_LIMIT), control);
      if (answer.afterSend) res.once('finish', answer.afterSend);
      send(res, answer.reply);
      return;
    }
    const { authorization: _secret, ...headers } = req.headers;
    const entry: RequestLogEntry = {
      id: randomUUID(),
      at: new Date().toISOString(),
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      authorised: isAuthorised(req.headers, apiKey),
      status: null,
      outcome: 'answered',
    };
    state.requests.push(entry);
    const finish = (outcome: Outcome, reply?: Reply) => {
      entry.outcome = outcome;
      if (reply) {
        entry.status = reply.status;
        send(res, reply);
      } else if (outcome === 'reset') {
        dropConnection(req);
      }
      options.onRequest?.(entry);
    };

    let body: Buffer;
    try {
      body = await readBody(req, bodyLimitFor(path));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('Connection', 'close');
        finish('answered', tooLargeReply(path));
      } else {
        finish('aborted');
      }
      return;
    }
    if (path.startsWith(API_PREFIX + '/') && body.length > 0) {
      const parsed = parseJsonObject(body);
      if (parsed) entry.body = parsed;
    }

    // The delay comes before the change is applied: a client that gives up waiting may
    // still find the change made, as with a slow real server.
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    // Linq's own limits come before injected faults: they are its answers, not misbehaviour,
    // and a write they let through counts even when a fault then breaks it. Auth comes first.
    const write = entry.authorised
      ? cardWriteOf(method, path, url.searchParams, entry.body)
      : undefined;
    const limited = write && limits.admit(write, entry.id);
    if (limited) return finish('limited', limited);
    const mixed = faults.drawMixed(method, path);
    if (mixed?.kind === 'reset-before-apply') return finish('reset');
    if (faults.takeReset('before-apply', method, path)) return finish('reset');
    if (mixed?.kind === 'fail') return finish('fault', mixed.reply);
    if (mixed?.kind === 'upstream-limited') {
      return finish('limited', limits.limitNow(write, mixed.holdMs, entry.id));
    }
    const failure = faults.takeFailure(method, path);
    if (failure) return finish('fault', failure);

    const reply = route(
      { id: entry.id, method, url, headers: req.headers, body },
      entry.authorised,
    );
    if (mixed?.kind === 'reset-after-apply') return finish('reset');
    if (faults.takeReset('after-apply', method, path)) return finish('reset');
    if (mixed?.kind === 'hang-after-apply') {
      await sleep(mixed.ms);
      if (req.socket.destroyed) return finish('aborted');
    }
    const held = faults.takeHold(method, path);
    if (held) {
      held.arrived();
      const clientGone = new Promise((resolve) => req.socket.once('close', resolve));
      await Promise.race([held.released, clientGone]);
      if (req.socket.destroyed) return finish('aborted');
    }
    const kind = reply.status < 300 ? faults.takeMalform(method, path) : undefined;
    if (kind) return finish('malformed', malform(kind, reply));
    finish('answered', reply);
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('error', () => {});
    handleRequest(req, res).catch((error: unknown) => {
      // A bug in the fake must show up as a 500 in the test, not as a hung request.
      if (!res.headersSent) send(res, linqError(500, 3006, `fake-linq bug: ${String(error)}`));
    });
  });

  async function goOffline(): Promise<void> {
    if (!online) return;
    online = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async function goOnline(): Promise<void> {
    if (online || closed) return;
    await listen(server, port, host);
    online = true;
  }

  const control: ControlTarget = {
    reset: () => fake.reset(),
    failNext: (count, spec) => faults.failNext(count, spec),
    setLatency: (ms) => faults.setLatency(ms),
    setCardActivation: (activation) => (state.settings.cardActivation = activation),
    inactiveNext: (count, spec) => state.activation.inactiveNext(count, spec),
    setHideInactiveCards: (hide) => (state.settings.hideInactiveCards = hide),
    setWriteBudget: (budget) => limits.setWriteBudget(budget),
    limitUpstream: (phoneNumber, holdMs) => limits.limitUpstream(phoneNumber, holdMs),
    offlineFor(ms) {
      clearTimeout(offlineTimer);
      void goOffline().then(() => {
        offlineTimer = setTimeout(() => void goOnline(), ms);
      });
    },
    snapshot: () => ({
      ledger: state.ledger,
      requests: state.requests,
      cards: [...state.cards.values()].map(cardToWire),
      writeLimits: limits.counters(),
    }),
  };

  const fake: FakeLinq = {
    baseUrl: `${origin}${API_PREFIX}`,
    origin,
    port,
    apiKey,
    get online() {
      return online;
    },
    cards: state.cards,
    phoneNumbers: state.phoneNumbers,
    attachments: state.attachments,
    ledger: state.ledger,
    requests: state.requests,
    settings: state.settings,
    seedCard: (card) => state.seedCard(card),
    addPhoneNumber: (phoneNumber, lineOptions) => state.addPhoneNumber(phoneNumber, lineOptions),
    reset() {
      state.reset();
      faults.clear();
      limits.clear();
    },
    setLatency: (ms) => faults.setLatency(ms),
    failNext: (count, spec) => faults.failNext(count, spec),
    setFailureRate: (status, rate, failureOptions) =>
      faults.setFailureRate(status, rate, failureOptions),
    setSeed: (seed) => faults.setSeed(seed),
    rateLimitNext: (count, seconds, filter) => faults.rateLimitNext(count, seconds, filter),
    resetConnectionNext: (spec) => faults.resetConnectionNext(spec),
    setFaultMix: (mix) => faults.setFaultMix(mix),
    holdAnswerNext: (filter) => faults.holdAnswerNext(filter),
    malformNext: (count, kind, filter) => faults.malformNext(count, kind, filter),
    setCardActivation: (activation) => (state.settings.cardActivation = activation),
    inactiveNext: (count, spec) => state.activation.inactiveNext(count, spec),
    setHideInactiveCards: (hide) => (state.settings.hideInactiveCards = hide),
    setWriteBudget: (budget) => limits.setWriteBudget(budget),
    limitUpstream: (phoneNumber, holdMs) => limits.limitUpstream(phoneNumber, holdMs),
    get writeLimits() {
      return limits.counters();
    },
    setUploadUrlTtl: (ms) => (state.settings.uploadUrlTtlMs = ms),
    goOffline,
    goOnline,
    async close() {
      closed = true;
      clearTimeout(offlineTimer);
      state.activation.clear();
      faults.releaseHolds();
      await goOffline();
    },
  };
  return fake;
}
