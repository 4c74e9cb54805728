// IPC fuzzing through the real headless host process (the services main runs, the real
// dispatcher, a real keychain and SQLite file, the fake Linq API on loopback). Every request
// of the contract gets wrong types, missing and extra fields, 10 MB strings, 10,000 levels of
// nesting, __proto__ and constructor.prototype payloads and a stored API key (a canary) inside
// its payload. Each must be refused with a typed error that repeats neither the canary nor the
// big string; afterwards the host still answers, its Object.prototype is clean, nothing was
// sent to Linq and the key is still stored.
//
// Channels added to the contract later are covered by iterating REQUEST_NAMES; the typed
// SAMPLES table below will not compile until the new channel has a valid sample to mutate.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REQUEST_NAMES,
  contract,
  type RequestInput,
  type RequestName,
  type Result,
} from '../../shared/contract.ts';
import { startFakeLinq, type FakeLinq } from '../fake-linq/server.ts';
import { keyPieceIn } from '../support/canary.ts';
import { startHostProcess, type HostProcess } from '../support/host-process.ts';
import { requireTestKeyring } from '../support/services-harness.ts';

requireTestKeyring();

/** A unique, valid API key: stored first, then hidden in payloads; no answer may repeat it. */
const CANARY = `linq_canary_${randomUUID().replaceAll('-', '')}`;
/** 10 MiB of characters that are valid base64 too, so it also gets past a base64 check. */
const BIG = 'Fz10'.repeat((10 * 1024 * 1024) / 4);
const BIG_PROBE = 'Fz10'.repeat(8);

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/**
 * Node's IPC channel writes each message with JSON.stringify, which recurses: about 4,500
 * levels fit in its stack, so 10,000 cannot even be sent (Electron's structured clone has the
 * same kind of limit in the renderer). The fuzzing sends the deepest payload the channel
 * carries, with room to spare; bridge-dispatch.test.ts gives the dispatcher 10,000 levels
 * directly.
 */
function deepestSendable(wanted: number): number {
  for (let levels = wanted; levels > 0; levels -= 500) {
    try {
      JSON.stringify({ message: { payload: { field: { nested: deep(levels) } } } });
      return Math.max(0, levels - 500);
    } catch {
      // too deep for this stack: try shallower
    }
  }
  return 0;
}
const DEPTH = deepestSendable(10_000);

/** Own "__proto__"/"constructor" properties, as JSON.parse (and IPC deserialising) makes them. */
const POLLUTION = {
  polluted: 'yes',
  apiBaseUrl: 'https://polluted.invalid',
  defaultCountry: 'FR',
  isAdmin: true,
};
const PROTO_JSON = `{"__proto__": ${JSON.stringify(POLLUTION)}}`;
const CONSTRUCTOR_JSON = `{"constructor": {"prototype": ${JSON.stringify(POLLUTION)}}}`;

const NUMBER = '+14155550132';
const SHA = 'a'.repeat(64);

interface Sample<N extends RequestName> {
  /** A payload the contract accepts: the fuzzing mutates it one place at a time. */
  valid: RequestInput<N>;
  /** Field names that may be left out (anywhere in the payload); all others are required. */
  optional?: readonly string[];
}

const CARD_OPTIONAL = ['lastName', 'imageUrl', 'replaces', 'photo'] as const;

const SAMPLES: { [N in RequestName]: Sample<N> } = {
  getAppState: { valid: undefined },
  getKeyStatus: { valid: undefined },
  saveKey: { valid: { key: 'abcdefgh1234' } },
  verifyKey: { valid: undefined },
  removeKey: { valid: undefined },
  updateSettings: {
    valid: {
      apiBaseUrl: 'https://api.linqapp.com/api/partner',
      defaultCountry: 'US',
      lateSendLimitHours: 12,
    },
    optional: ['apiBaseUrl', 'defaultCountry', 'lateSendLimitHours'],
  },
  setupCard: {
    valid: {
      phoneNumber: NUMBER,
      firstName: 'Ada',
      lastName: 'Lovelace',
      imageUrl: 'https://example.com/ada.png',
      replaces: 1,
    },
    optional: CARD_OPTIONAL,
  },
  updateCard: {
    valid: {
      phoneNumber: NUMBER,
      firstName: 'Ada',
      lastName: 'King',
      replaces: 2,
      photo: { sha256: SHA, contentType: 'image/png' },
    },
    optional: ['firstName', ...CARD_OPTIONAL],
  },
  listCards: { valid: { query: 'ada', status: 'all', offset: 0, limit: 50 } },
  getCardHistory: { valid: { phoneNumber: NUMBER } },
  syncCards: { valid: undefined },
  // No such version: refused before Linq is asked anything.
  planRestore: { valid: { phoneNumber: NUMBER, versionId: 1 } },
  restoreVersion: {
    valid: {
      phoneNumber: NUMBER,
      versionId: 1,
      requestId: '1c9e3f7a-5b2d-4e8f-a6c1-3d7b9e0f2a41',
      namesOnly: true,
      schedule: { sendAt: '2026-12-08T09:00:00+01:00', timeZone: 'Europe/Berlin' },
    },
    optional: ['namesOnly', 'schedule'],
  },
  exportCards: { valid: { query: '', status: 'failed' } },
  storePhoto: { valid: { sha256: SHA, contentType: 'image/png', base64: 'iVBORw0KGgo=' } },
  readPhoto: { valid: { sha256: SHA } },
  // An address no record holds (and .invalid never resolves): main fetches nothing for it.
  readCardImage: { valid: { url: 'https://images.linq-fuzz.invalid/ada.png' } },
  retryOutboxItem: { valid: { id: 1 } },
  cancelOutboxItem: { valid: { id: 1 } },
  decideOutboxItem: { valid: { id: 1, decision: 'keep-server' } },
  checkConnection: { valid: undefined },
  listLines: { valid: undefined },
  refreshLines: { valid: undefined },
  lookupCards: { valid: { phoneNumbers: [NUMBER] } },
  openImportFile: { valid: undefined },
  chooseImageFolder: { valid: undefined },
  // No folder granted (null): every other value in its place is refused, a token included.
  checkImportImages: { valid: { grant: null, paths: ['/tmp/linq-fuzz/photo.png'] } },
  importCards: {
    valid: {
      requestId: '0b6f6a8e-3c1d-4f5e-9a7b-2c8d1e4f6a90',
      fileName: 'cards.csv',
      rows: [
        {
          line: 2,
          action: 'setup',
          phoneNumber: NUMBER,
          firstName: 'Ada',
          lastName: 'Lovelace',
          imageUrl: 'https://example.com/ada.png',
        },
      ],
      skipped: [
        {
          line: 3,
          phoneNumber: '555',
          firstName: 'Bob',
          lastName: '',
          reason: 'invalid',
          detail: 'Not a phone number',
        },
      ],
    },
    optional: ['lastName', 'imageUrl', 'photo'],
  },
  getImport: { valid: { id: 1 } },
  listImportRows: { valid: { id: 1, outcome: 'all', offset: 0, limit: 50 } },
  exportImportSummary: { valid: { id: 1 } },
  decideRollout: { valid: { id: 1, action: 'cancel' } },
  rolloutNoticeShown: { valid: { id: 1 } },
  listRolloutItems: { valid: { id: 1, offset: 0, limit: 50 } },
  planUndoImport: { valid: { importId: 1 } },
  undoImport: {
    valid: { requestId: '00000000-0000-4000-8000-000000000000', importId: 1, include: [] },
  },
  planRestoreLines: {
    valid: { lines: { query: '', status: 'all' }, at: '2026-12-03T14:00:00.000Z' },
  },
  restoreLines: {
    valid: {
      requestId: '00000000-0000-4000-8000-000000000000',
      lines: { query: '', status: 'all' },
      at: '2026-12-03T14:00:00.000Z',
      timeZone: 'Europe/Berlin',
      expectedPlan: '0'.repeat(64),
    },
  },
};

type Path = (string | number)[];
type Json = unknown;

interface FuzzCase {
  label: string;
  payload: Json;
}

const copy = (value: Json): Json => (value === undefined ? undefined : structuredClone(value));

/** Every place in a value: the root, each object and array, each leaf. */
function places(value: Json, path: Path = []): { path: Path; value: Json }[] {
  const here = [{ path, value }];
  if (Array.isArray(value)) {
    return here.concat(value.flatMap((child, i) => places(child, [...path, i])));
  }
  if (value !== null && typeof value === 'object') {
    return here.concat(
      Object.entries(value).flatMap(([key, child]) => places(child, [...path, key])),
    );
  }
  return here;
}

function at(root: Json, path: Path): Record<string | number, Json> {
  let node = root as Record<string | number, Json>;
  for (const step of path) node = node[step] as Record<string | number, Json>;
  return node;
}

/** A copy of `root` with `value` at `path` (own data properties only, even for "__proto__"). */
function replaced(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const result = copy(root);
  const parent = at(result, path.slice(0, -1));
  Object.defineProperty(parent, path.at(-1)!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return result;
}

function withField(root: Json, path: Path, key: string, value: Json): Json {
  return replaced(root, [...path, key], value);
}

function without(root: Json, path: Path): Json {
  const result = copy(root);
  delete at(result, path.slice(0, -1))[path.at(-1)!];
  return result;
}

const label = (path: Path) => (path.length ? path.join('.') : '(payload)');

/** Values of another type than `value`, for the wrong-type cases. */
function wrongTypes(value: Json): Json[] {
  const all: Json[] = [42, 'text', [], null, true, {}];
  const kind = (v: Json) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  return all.filter((candidate) => kind(candidate) !== kind(value));
}

function fuzzCases(name: RequestName): FuzzCase[] {
  const sample = SAMPLES[name] as Sample<RequestName>;
  const valid = sample.valid as Json;
  const optional = new Set(sample.optional ?? []);
  const cases: FuzzCase[] = [];
  const add = (what: string, payload: Json) => cases.push({ label: what, payload });

  // The payload as a whole: wrong types, junk, the canary, 10 MB, deep nesting, pollution.
  if (valid === undefined) {
    // Takes no input: anything at all is refused.
    for (const junk of [0, 42, '', 'text', [], [1], {}, { extra: true }, null, true, false]) {
      add(`junk ${JSON.stringify(junk)}`, junk);
    }
  } else {
    for (const wrong of wrongTypes(valid)) add(`payload is ${JSON.stringify(wrong)}`, wrong);
  }
  add('payload is the canary', CANARY);
  add('payload is 10 MB', BIG);
  add(`payload nested ${DEPTH} levels`, deep(DEPTH));
  add('payload is a __proto__ object', JSON.parse(PROTO_JSON));
  add('payload is a constructor.prototype object', JSON.parse(CONSTRUCTOR_JSON));
  add('payload is an array of the canary', [CANARY]);

  for (const { path, value } of places(valid)) {
    const where = label(path);
    const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (path.length > 0) {
      for (const wrong of wrongTypes(value)) {
        add(`${where} is ${JSON.stringify(wrong)}`, replaced(valid, path, wrong));
      }
      add(`${where} nested ${DEPTH} levels`, replaced(valid, path, deep(DEPTH)));
      // The canary in a place that may well take any string: an unknown field makes the
      // payload invalid anyway, and the answer must not repeat the value.
      add(
        `${where} is the canary, plus an unknown field`,
        withField(replaced(valid, path, CANARY), [], 'note', CANARY),
      );
      const key = path.at(-1);
      if (typeof key === 'string' && !optional.has(key))
        add(`${where} missing`, without(valid, path));
    }
    if (typeof value === 'string') add(`${where} is 10 MB`, replaced(valid, path, BIG));
    if (isObject) {
      add(`${where} with an extra field`, withField(valid, path, 'extra', true));
      add(`${where} with the canary as a field name`, withField(valid, path, CANARY, CANARY));
      add(`${where} with a 10 MB field name`, withField(valid, path, BIG, 1));
      add(
        `${where} with an own __proto__ field`,
        withField(valid, path, '__proto__', JSON.parse(PROTO_JSON).__proto__),
      );
      add(
        `${where} with constructor.prototype`,
        withField(valid, path, 'constructor', JSON.parse(CONSTRUCTOR_JSON).constructor),
      );
    }
  }
  return cases;
}

let fake: FakeLinq;
let host: HostProcess;
let dataDir: string;
let settingsBefore: unknown;

beforeAll(async () => {
  fake = await startFakeLinq({ apiKey: CANARY });
  dataDir = await mkdtemp(join(tmpdir(), 'linq-ipc-fuzz-'));
  host = await startHostProcess({
    dataDir,
    apiBaseUrl: fake.baseUrl,
    keychainService: `linq-ipc-fuzz-${process.pid}-${randomUUID()}`,
    env: { LINQ_SYNC_ON_CONNECT: '0' },
  });
  await host.storeKeyUnchecked(CANARY);
  // The settings as the window reads them (its start-up state).
  const state = await host.invoke('getAppState');
  expect(state).toMatchObject({ ok: true });
  settingsBefore = (state as { value: { settings: unknown } }).value.settings;
});

afterAll(async () => {
  await host?.invoke('removeKey').catch(() => {});
  await host?.stop();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const REFUSALS = new Set(['INVALID_INPUT', 'PAYLOAD_TOO_LARGE']);

/** What is wrong with an answer to a fuzzed request; null when it is a clean refusal. */
function problemWith(answer: Result<unknown>): string | null {
  const text = JSON.stringify(answer);
  if (keyPieceIn(text, CANARY) !== null) return 'repeats the canary key, or a piece of it';
  if (text.includes(BIG_PROBE)) return 'repeats the 10 MB string';
  if (answer.ok) return 'was accepted';
  if (!REFUSALS.has(answer.error.code)) return `was refused as ${answer.error.code}`;
  if (typeof answer.error.message !== 'string' || answer.error.message === '') {
    return 'has no message';
  }
  return null;
}

describe('IPC fuzzing through the headless host', () => {
  it('nests payloads far deeper than any real one (and than the dispatcher accepts)', () => {
    expect(DEPTH).toBeGreaterThanOrEqual(2_000);
  });

  it('has a valid sample for every request of the contract', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...REQUEST_NAMES].sort());
    for (const name of REQUEST_NAMES) {
      const parsed = contract.requests[name].input.safeParse(SAMPLES[name].valid);
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('refuses every malformed payload on every channel, with a typed error', async () => {
    const failures: string[] = [];
    const sent = new Map<RequestName, number>();
    for (const name of REQUEST_NAMES) {
      sent.set(name, 0);
      for (const { label: what, payload } of fuzzCases(name)) {
        let answer: Result<unknown>;
        try {
          answer = await host.invoke(name, payload);
        } catch (error) {
          failures.push(`${name}, ${what}: no answer (${(error as Error).message})`);
          break; // the host is gone: later answers would only repeat this
        }
        sent.set(name, sent.get(name)! + 1);
        const problem = problemWith(answer);
        if (problem) failures.push(`${name}, ${what}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
    // Every channel had its share (no early break, no empty case list).
    for (const [name, count] of sent) expect(count, name).toBeGreaterThanOrEqual(15);
    const total = [...sent.values()].reduce((a, b) => a + b);
    console.log(`ipc-fuzz: ${total} payloads sent, nested up to ${DEPTH} levels`);
  }, 120_000);

  it('refuses unknown and inherited request names', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'nope']) {
      const answer = await host.invoke(name, undefined);
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('is still running, unpolluted and unchanged afterwards', async () => {
    // zod walks objects with for…in: an enumerable property on Object.prototype (what an
    // unguarded merge of a __proto__ field makes) would turn up as an unknown key in every
    // strict answer, and getAppState would fail as INTERNAL.
    expect(await host.invoke('getAppState')).toMatchObject({ ok: true });
    // No fuzzed updateSettings changed anything (POLLUTION names two settings on purpose).
    expect(await host.invoke('updateSettings', {})).toEqual({ ok: true, value: settingsBefore });
    // removeKey with junk never ran: the canary is still the stored key.
    expect(await host.invoke('getKeyStatus')).toMatchObject({
      ok: true,
      value: { present: true, last4: CANARY.slice(-4) },
    });
    // Nothing got through to Linq: no card was set up or changed.
    expect(fake.ledger).toEqual([]);
    expect(host.pid).toBeDefined();
  });

  it('wrote neither the canary nor the big string to its output or its logs', async () => {
    const output = host.output.join('');
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(BIG_PROBE);
    expect(output).not.toMatch(/unexpected error/i);
    const logsDir = join(dataDir, 'logs');
    const files = await readdir(logsDir).catch(() => [] as string[]);
    for (const file of files) {
      const text = await readFile(join(logsDir, file), 'utf8');
      expect(text, file).not.toContain(CANARY);
      expect(text, file).not.toContain(BIG_PROBE);
    }
  });
});
