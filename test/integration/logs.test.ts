// The services' log against the fake Linq API over real HTTP, with the real keychain and a real
// SQLite file: a run with a unique key (and a second, refused one), a card Linq refuses with a
// trace id and one it accepts, a sync and a bug. The log must say what support needs (version,
// codes, trace ids, numbers) and hold neither key nor any Bearer token.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyStatus } from '../../shared/contract.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const REFUSED = '+14155550132';
const ACCEPTED = '+14155550133';
const TRACE = `trace-logs-${randomUUID()}`;
// Unique per run, so finding it anywhere can only mean this run wrote it.
const KEY = `linq_canary_${randomUUID().replaceAll('-', '')}`;
const WRONG_KEY = `linq_wrong_${randomUUID().replaceAll('-', '')}`;

let h: Harness;

beforeEach(async () => {
  h = await startHarness({}, { apiKey: KEY });
});

afterEach(async () => {
  await h.close();
});

const logsDir = () => join(h.dataDir, 'logs');
const logText = () =>
  readdirSync(logsDir())
    .sort()
    .map((name) => readFileSync(join(logsDir(), name), 'utf8'))
    .join('');
const logLines = () =>
  logText()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

describe('the log of a run', () => {
  it('has the version, key outcomes, trace ids and codes, and never a key or a Bearer token', async () => {
    // A key Linq refuses first: it must be redacted too.
    await h.services.storeKeyUnchecked(WRONG_KEY);
    expect(await h.value<KeyStatus>('verifyKey')).toMatchObject({ verification: 'rejected' });
    await h.services.storeKeyUnchecked(KEY);
    expect(await h.value<KeyStatus>('verifyKey')).toMatchObject({ verification: 'verified' });

    h.fake.failNext(1, {
      status: 400,
      path: '/v3/contact_card',
      method: 'POST',
      body: {
        success: false,
        error: { status: 400, code: 1005, message: 'first_name is not allowed' },
        trace_id: TRACE,
      },
    });
    const refused = await h.value<OutboxItem>('setupCard', {
      phoneNumber: REFUSED,
      firstName: 'Acme',
    });
    expect(await h.waitForItem(refused.id, finished)).toMatchObject({
      state: 'failed',
      lastError: { code: 'INVALID_INPUT', traceId: TRACE },
    });
    const accepted = await h.value<OutboxItem>('setupCard', {
      phoneNumber: ACCEPTED,
      firstName: 'Acme',
    });
    expect(await h.waitForItem(accepted.id, finished)).toMatchObject({ state: 'done' });
    await h.value('syncCards');
    // A request Linq answers with an error the user sees (the check of a key to save, while
    // a working key is stored: it stays, and the request fails with Linq's answer).
    h.fake.failNext(1, { status: 403, path: '/v3/phone_numbers', method: 'GET' });
    expect(await h.call('saveKey', { key: KEY })).toMatchObject({ ok: false });

    const lines = logLines();
    const text = logText();
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: 'Started',
      version: '0.0.0-test',
      platform: process.platform,
      node: process.versions.node,
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'API key stored', last4: KEY.slice(-4) }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'API key checked with Linq',
        verification: 'rejected',
        code: 'KEY_REJECTED',
        status: 401,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'API key checked with Linq', verification: 'verified' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'Outbox attempt refused',
        itemId: refused.id,
        phoneNumber: REFUSED,
        action: 'setup',
        code: 'INVALID_INPUT',
        status: 400,
        linqCode: 1005,
        traceId: TRACE,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        message: 'Outbox attempt applied',
        itemId: accepted.id,
        phoneNumber: ACCEPTED,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'History synced with Linq', added: expect.any(Number) }),
    );
    const failedRead = lines.find((line) => line.request === 'saveKey');
    expect(failedRead).toMatchObject({
      level: 'warn',
      message: 'Request failed',
      code: 'PERMISSION_DENIED',
      status: 403,
    });
    expect(failedRead!.traceId).toMatch(/^[0-9a-f]{32}$/);

    expect(h.fake.requests.some((r) => r.authorised)).toBe(true); // the key was really used
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(WRONG_KEY);
    expect(text).not.toMatch(/bearer\s+(?!\[redacted\])/i);
  });

  it('writes an unexpected error with its stack, redacted, and keeps the log owner-only', async () => {
    // A bug in a service (here: the save dialog throws) is reported with its stack, and still
    // passed on to the host's own reporter.
    await h.close();
    const reportBug = vi.fn();
    h = await startHarness(
      {
        reportBug,
        chooseExportPath: async () => {
          throw new Error(`the save dialog broke (key ${KEY}); Authorization: Bearer ${KEY}`);
        },
      },
      { apiKey: KEY },
    );
    await h.withKey();
    expect(await h.call('exportCards', { query: '', status: 'all' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(reportBug).toHaveBeenCalledTimes(1);
    const reported = logLines().find((line) => line.message === 'Unexpected error');
    expect(reported).toMatchObject({ level: 'error' });
    const error = reported!.error as { message: string; stack: string };
    expect(error.message).toBe('the save dialog broke (key [redacted]); Authorization: [redacted]');
    expect(error.stack).toMatch(
      /^Error: the save dialog broke \(key \[redacted\]\); Authorization: \[redacted\]\n\s+at /,
    );
    expect(logText()).not.toContain(KEY);

    if (process.platform !== 'win32') {
      expect(statSync(logsDir()).mode & 0o777).toBe(0o700);
      for (const name of readdirSync(logsDir())) {
        expect(statSync(join(logsDir(), name)).mode & 0o777).toBe(0o600);
      }
    }
  });
});

describe('a refusal from Linq that quotes the key back', () => {
  it('keeps the key out of the key status, its events, the database and the log', async () => {
    // Linq's message goes into the error the user sees; an API that quotes the key it refused
    // would put the key there. The refusal is for WRONG_KEY, the key stored at the time.
    await h.services.storeKeyUnchecked(WRONG_KEY);
    h.fake.failNext(1, {
      status: 401,
      code: 2004,
      message: `The API key ${WRONG_KEY} is not valid (Authorization: Bearer ${WRONG_KEY})`,
    });
    const status = await h.value<KeyStatus>('verifyKey');
    expect(status).toMatchObject({
      verification: 'rejected',
      checkError: { code: 'KEY_REJECTED', detail: expect.stringContaining('is not valid') },
    });
    const answers = [
      status,
      await h.value('getKeyStatus'),
      await h.value('getAppState'),
      h.events.filter((event) => event.name === 'keyStatusChanged'),
    ];
    expect(answers.at(-1)).not.toEqual([]);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(WRONG_KEY);
    // The verdict is kept in the database (its WAL too, read while it is open).
    const files = readdirSync(h.dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    expect(files.some((file) => file.endsWith('-wal'))).toBe(true);
    for (const file of files) {
      expect(readFileSync(file).includes(Buffer.from(WRONG_KEY)), file).toBe(false);
    }
  });
});

describe('a card refusal from Linq that quotes the key back', () => {
  it('keeps the key out of the outbox item, its events, the history, the database and the log', async () => {
    // The card's failure is stored with the item and shown in the window: Linq's words, minus
    // the key. KEY is the stored key, so it is the one this request carried.
    await h.services.storeKeyUnchecked(KEY);
    h.fake.failNext(1, {
      status: 400,
      path: '/v3/contact_card',
      method: 'POST',
      body: {
        success: false,
        error: { status: 400, code: 1005, message: `first_name refused for key ${KEY}` },
        trace_id: TRACE,
      },
    });
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: REFUSED,
      firstName: 'Acme',
    });
    const failed = await h.waitForItem(item.id, finished);
    expect(failed).toMatchObject({
      state: 'failed',
      lastError: { code: 'INVALID_INPUT', traceId: TRACE },
    });
    expect(JSON.stringify(failed.lastError)).toContain('first_name refused for key [redacted]');
    const answers = [
      failed,
      await h.value('getAppState'),
      await h.value('listCards', { query: '', status: 'all', offset: 0, limit: 50 }),
      await h.value('getCardHistory', { phoneNumber: REFUSED }),
      h.events,
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(KEY);
    const files = readdirSync(h.dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    for (const file of files) {
      expect(readFileSync(file).includes(Buffer.from(KEY)), file).toBe(false);
    }
  });
});

describe('a card refusal from Linq whose text is cut to length through the key', () => {
  it('leaves no piece of the key in the item, its events, the database or the log', async () => {
    // Linq's message is kept to 500 characters, its trace id to 200 and its doc URL to 500.
    // Each field here has the key across that cut, so cutting before scrubbing would leave
    // the key's first 15 (or 10, or 12) characters, which a whole-key match does not find.
    await h.services.storeKeyUnchecked(KEY);
    const message = `${'m'.repeat(500 - 15)}${KEY} was refused`;
    const traceId = `${'t'.repeat(200 - 10)}${KEY}`;
    const docUrl = `https://docs.linqapp.com/error/${'d'.repeat(500 - 31 - 12)}${KEY}`;
    h.fake.failNext(1, {
      status: 400,
      path: '/v3/contact_card',
      method: 'POST',
      body: {
        success: false,
        error: { status: 400, code: 1999, message, doc_url: docUrl },
        trace_id: traceId,
      },
    });
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: REFUSED,
      firstName: 'Acme',
    });
    const failed = await h.waitForItem(item.id, finished);
    expect(failed).toMatchObject({ state: 'failed', lastError: { code: 'INVALID_INPUT' } });
    // Linq's words are still shown, up to where the key began.
    expect(failed.lastError?.message).toContain(`${'m'.repeat(40)}[redacted]`);
    expect(failed.lastError?.traceId).toBe(`${'t'.repeat(190)}[redacted]`);

    const pieces = piecesOf(KEY);
    const answers = [
      failed,
      await h.value('getAppState'),
      await h.value('listCards', { query: '', status: 'all', offset: 0, limit: 50 }),
      await h.value('getCardHistory', { phoneNumber: REFUSED }),
      h.events,
    ];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(pieces.filter((piece) => text.includes(piece))).toEqual([]);
    }
    // The log is appended line by line, and the database is read with its WAL while open.
    const files = readdirSync(h.dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    expect(files.some((file) => file.includes('logs'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(
        pieces.filter((piece) => bytes.includes(Buffer.from(piece))),
        file,
      ).toEqual([]);
    }
  });
});

/** Every 8-character piece of a key: what redaction must leave none of. */
function piecesOf(key: string): string[] {
  return Array.from({ length: key.length - 7 }, (_, start) => key.slice(start, start + 8));
}
