// Redaction, checked on what the logger really writes (real files in a temporary folder): each
// rule, nested objects, Errors with their stacks and causes, and registered secrets as exact
// strings.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../electron/services/log/logger.ts';
import { MIN_SECRET_LENGTH, createRedactor } from '../../electron/services/log/redact.ts';
import { toLoggable } from '../../electron/services/log/loggable.ts';
import { redactingSecretStore } from '../../electron/services/log/redacting-secret-store.ts';
import { AppFailure } from '../../electron/services/failure.ts';

const KEY = 'linq_live_9f8e7d6c5b4a39281706abcd';

let dir: string;
let log: Logger;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linq-log-redaction-'));
  log = createLogger({ dir });
});

afterEach(() => {
  log.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = () => readFileSync(join(dir, 'app.log'), 'utf8');
const records = () =>
  text()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const last = () => records().at(-1)!;

describe('the line', () => {
  it('is one JSON object per line with time, level, message and the fields', () => {
    log.info('Started', { version: '1.2.3', nested: { count: 2 } });
    log.warn('Careful');
    log.error('Broken', { time: 'a field called time' });
    const [started, careful, broken] = records();
    expect(started).toMatchObject({ level: 'info', message: 'Started', version: '1.2.3' });
    expect(started!.nested).toEqual({ count: 2 });
    expect(new Date(started!.time as string).toISOString()).toBe(started!.time);
    expect(careful).toMatchObject({ level: 'warn', message: 'Careful' });
    // A field cannot overwrite the line's own time.
    expect(broken).toMatchObject({ level: 'error', field_time: 'a field called time' });
    expect(broken!.time).not.toBe('a field called time');
  });

  it('survives cycles, huge strings and odd values', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    log.info('odd', {
      cyclic,
      big: 'y'.repeat(50_000),
      when: new Date(0),
      bytes: new Uint8Array(12),
      count: 10n,
      list: Array.from({ length: 500 }, (_, i) => i),
    });
    const line = last();
    expect(line.cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect((line.big as string).length).toBeLessThan(9_000);
    expect(line.when).toBe('1970-01-01T00:00:00.000Z');
    expect(line.bytes).toBe('[12 bytes]');
    expect(line.count).toBe('10');
    expect((line.list as unknown[]).length).toBe(51);
  });
});

describe('registered secrets', () => {
  it('are redacted wherever they appear: message, fields, nested objects, arrays, keys', () => {
    log.addSecret(KEY);
    log.info(`key is ${KEY}!`, {
      plain: KEY,
      inside: `prefix-${KEY}-suffix`,
      nested: { deeper: { list: ['a', KEY] } },
      [KEY]: 'as a field name',
    });
    expect(text()).not.toContain(KEY);
    const line = last();
    expect(line.message).toBe('key is [redacted]!');
    expect(line.plain).toBe('[redacted]');
    expect(line.inside).toBe('prefix-[redacted]-suffix');
    expect(line.nested).toEqual({ deeper: { list: ['a', '[redacted]'] } });
    expect(line['[redacted]']).toBe('as a field name');
  });

  it('include every piece of 8 or more characters, but not the last four (shown anyway)', () => {
    // A string cut short before it was logged may hold the start of a key, or its end.
    log.addSecret(KEY);
    log.info('parts', {
      last4: KEY.slice(-4),
      firstHalf: KEY.slice(0, 16),
      end: `…${KEY.slice(-8)}`,
      middle: `a ${KEY.slice(3, 12)} b`,
      seven: KEY.slice(0, 7),
      whole: KEY,
    });
    expect(last()).toMatchObject({
      last4: KEY.slice(-4),
      firstHalf: '[redacted]',
      end: '…[redacted]',
      middle: 'a [redacted] b',
      seven: KEY.slice(0, 7),
      whole: '[redacted]',
    });
  });

  it('are not redacted before they are registered, and are from then on', () => {
    log.info('before', { value: KEY });
    log.addSecret(KEY);
    log.info('after', { value: KEY });
    expect(records().map((line) => line.value)).toEqual([KEY, '[redacted]']);
  });

  it('include keys with characters JSON escapes, and the longer of two overlapping keys', () => {
    const quoted = 'abc"def\\ghi\njkl';
    const short = 'linq_live_9f8e7d6c';
    log.addSecret(short);
    log.addSecret(KEY);
    log.addSecret(quoted);
    log.info(`one ${quoted} two ${KEY} three ${short}`);
    expect(text()).not.toContain(JSON.stringify(quoted).slice(1, -1));
    expect(text()).not.toContain(short);
    expect(last().message).toBe('one [redacted] two [redacted] three [redacted]');
  });

  it(`ignore strings shorter than ${MIN_SECRET_LENGTH} characters, which no real key is`, () => {
    log.addSecret('1234');
    log.info('call +14155551234');
    expect(last().message).toBe('call +14155551234');
  });

  it('are registered by the secret store wrapper on read and before storing, refused or not', async () => {
    const refused = 'linq_refused_key_000000000000';
    const inner = {
      stored: null as string | null,
      async getKey() {
        return this.stored;
      },
      async setKey(key: string) {
        if (key === refused) throw AppFailure.of('KEYCHAIN_FAILED');
        this.stored = key;
      },
      async deleteKey() {
        this.stored = null;
      },
    };
    const store = redactingSecretStore(inner, log);
    await expect(store.setKey(refused)).rejects.toThrow();
    inner.stored = KEY; // stored by an earlier run: known only once it is read
    expect(await store.getKey()).toBe(KEY);
    log.info(`${refused} ${KEY}`);
    expect(last().message).toBe('[redacted] [redacted]');
  });
});

describe('Authorization and Bearer', () => {
  it.each([
    ['Authorization: Bearer abc.def-123', 'Authorization: [redacted]'],
    ['sent authorization=Basic dXNlcjpwdw== twice', 'sent authorization=[redacted]'],
    [
      'headers {"Authorization":"Bearer tok","accept":"json"}',
      'headers {"Authorization":[redacted],"accept":"json"}',
    ],
    [
      "{ authorization: 'Bearer tok', accept: 'json' }",
      "{ authorization: [redacted], accept: 'json' }",
    ],
    ['Proxy-Authorization: Digest user="a", response="b"', 'Proxy-Authorization: [redacted]'],
    [
      'curl -H "X-Auth: Bearer sk_live_123" https://x',
      'curl -H "X-Auth: Bearer [redacted]" https://x',
    ],
    ['bearer   lowercase-token, next', 'bearer   [redacted], next'],
    ['GET /v3/x?api_key=abc123&page=2', 'GET /v3/x?api_key=[redacted]&page=2'],
    ['password: hunter22 token=xyz', 'password: [redacted] token=[redacted]'],
  ])('%s', (input, expected) => {
    log.info(input);
    expect(last().message).toBe(expected);
  });

  it('leaves ordinary words alone', () => {
    const message =
      'Unauthorized - missing or invalid authentication token; Unexpected token } in JSON';
    log.info(message);
    expect(last().message).toBe(message);
  });

  it('applies to every line: only the Authorization value goes, on its line only', () => {
    log.info('request', { dump: 'POST /v3/contact_card\nAuthorization: Bearer k\nAccept: json' });
    expect(last().dump).toBe('POST /v3/contact_card\nAuthorization: [redacted]\nAccept: json');
  });
});

describe('credential-named fields', () => {
  it('are redacted whole, at any depth, in Maps and in fetch Headers', () => {
    const headers = new Headers({ authorization: 'Bearer zzz', 'x-api-key': 'k1', accept: 'json' });
    log.info('fields', {
      apiKey: 'k2',
      api_key: 'k3',
      'API-KEY': 'k4',
      token: 12345,
      accessToken: { nested: 'object' },
      password: 'pw',
      clientSecret: 'cs',
      request: { headers, inner: { Authorization: 'Basic abc' } },
      map: new Map([['refresh_token', 'rt']]),
      // Kept: absence is worth knowing, and a flag holds no secret.
      missingToken: null,
      hasPassword: true,
      traceId: 'trace-1',
      phoneNumber: '+14155550132',
    });
    expect(last()).toMatchObject({
      apiKey: '[redacted]',
      api_key: '[redacted]',
      'API-KEY': '[redacted]',
      token: '[redacted]',
      accessToken: '[redacted]',
      password: '[redacted]',
      clientSecret: '[redacted]',
      request: {
        headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', accept: 'json' },
        inner: { Authorization: '[redacted]' },
      },
      map: { refresh_token: '[redacted]' },
      missingToken: null,
      hasPassword: true,
      traceId: 'trace-1',
      phoneNumber: '+14155550132',
    });
    for (const value of ['zzz', 'k1', 'k2', 'k3', 'k4', '12345', 'nested', 'cs', 'rt']) {
      expect(text()).not.toContain(`"${value}"`);
    }
  });
});

describe('Errors', () => {
  it('are written with name, message, stack, own fields and cause, all redacted', () => {
    log.addSecret(KEY);
    const cause = new Error(`socket closed; Authorization: Bearer ${KEY}`);
    const failure = AppFailure.of('SERVER_ERROR', { status: 500, traceId: 'trace-42' }, cause);
    const error = new Error(`wrapped ${KEY}`, { cause: failure });
    expect(error.stack).toContain(KEY); // the stack repeats the message: it must go too
    log.error('Unexpected error', { error });
    expect(text()).not.toContain(KEY);
    const written = last().error as Record<string, unknown>;
    expect(written.name).toBe('Error');
    expect(written.message).toBe('wrapped [redacted]');
    expect(written.stack).toMatch(/^Error: wrapped \[redacted\]\n\s+at /);
    const appFailure = written.cause as Record<string, unknown>;
    expect(appFailure).toMatchObject({
      name: 'AppFailure',
      appError: { code: 'SERVER_ERROR', status: 500, traceId: 'trace-42' },
      delivery: 'not-sent',
    });
    expect((appFailure.cause as Record<string, unknown>).message).toBe(
      'socket closed; Authorization: [redacted]',
    );
  });

  it('keep own fields such as an SDK error body, redacting credential-named ones', () => {
    const error = Object.assign(new Error('401'), {
      status: 401,
      error: { trace_id: 'trace-7', error: { code: 2004 } },
      headers: new Headers({ 'set-cookie': 'session=abc', 'x-request-id': 'r1' }),
    });
    log.warn('refused', { error });
    expect(last().error).toMatchObject({
      status: 401,
      error: { trace_id: 'trace-7', error: { code: 2004 } },
      headers: { 'set-cookie': '[redacted]', 'x-request-id': 'r1' },
    });
  });
});

describe('the redactor without a file', () => {
  it('redacts before it cuts, so a long value can never end in part of a key', () => {
    const redactor = createRedactor();
    redactor.addSecret(KEY);
    const value = toLoggable({ long: 'z'.repeat(7_990) + KEY }, redactor) as { long: string };
    expect(value.long).not.toContain(KEY.slice(0, 10));
  });
});
