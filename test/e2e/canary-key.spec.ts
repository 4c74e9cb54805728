// The API key goes from the Settings field to the keychain and from there to Linq, and nowhere
// else. A unique canary key is entered in the UI and used through a whole session (a card set
// up, one queued offline and sent later, a key Linq refuses and that is entered again, the
// History with a refresh and a CSV export), then searched for, in every form it could be
// encoded in, everywhere the app leaves traces: the page, its storage, everything main handed
// the page, the data folder (SQLite with its WAL and shared memory, the logs), the export, and
// both processes' output. It must be in the keychain, and only there.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { KeytarLike } from '../../electron/services/secrets.ts';
import { DATABASE_FILE } from '../../electron/services/store.ts';
import { canaryFormsIn, canaryInFiles, listFiles, newCanaryKey } from '../support/canary.ts';
import { expect, test } from './fixtures.ts';
import { fillCard, openNewCard } from './support.ts';

const CANARY = newCanaryKey();
const exportDir = await mkdtemp(join(tmpdir(), 'linq-e2e-canary-export-'));
test.afterAll(() => rm(exportDir, { recursive: true, force: true }));

// The fake Linq API accepts only the canary; the export goes to a folder of the test's own.
test.use({ fakeOptions: { apiKey: CANARY }, mainEnv: { LINQ_EXPORT_DIR: exportDir } });

const CARDS = [
  { firstName: 'Denver', lastName: 'Store', phone: '(303) 555-0101', e164: '+13035550101' },
  { firstName: 'Austin', lastName: 'Store', phone: '(512) 555-0102', e164: '+15125550102' },
  { firstName: 'Boston', lastName: 'Store', phone: '(617) 555-0103', e164: '+16175550103' },
];

/** The key must be found nowhere in `text`: the list names where it was, and in what form. */
function expectNoCanary(where: string, text: string | Buffer): void {
  expect(canaryFormsIn(text, CANARY), `the key in ${where}`).toEqual([]);
}

/** Every frame's markup, plus what markup leaves out: the values of form fields. */
async function pageDom(page: Page): Promise<string> {
  const parts: string[] = [];
  for (const frame of page.frames()) {
    parts.push(await frame.content());
    parts.push(
      await frame.evaluate(() =>
        JSON.stringify({
          title: document.title,
          url: location.href,
          fields: [...document.querySelectorAll('input, textarea, select')].map(
            (field) => (field as HTMLInputElement).value,
          ),
        }),
      ),
    );
  }
  return parts.join('\n');
}

/** localStorage, sessionStorage, every IndexedDB database's contents and the Cache Storage. */
async function pageStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    // Binary values are searched as bytes (latin1 keeps one char per byte), Blobs as text.
    async function plain(value: unknown): Promise<unknown> {
      if (value instanceof Blob) return value.text();
      if (value instanceof ArrayBuffer) value = new Uint8Array(value);
      if (ArrayBuffer.isView(value)) {
        const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        return String.fromCharCode(...bytes);
      }
      if (value instanceof Map) value = [...value.entries()];
      if (value instanceof Set) value = [...value.values()];
      if (Array.isArray(value)) return Promise.all(value.map(plain));
      if (value && typeof value === 'object') {
        const entries = Object.entries(value);
        return Object.fromEntries(
          await Promise.all(entries.map(async ([k, v]) => [k, await plain(v)] as const)),
        );
      }
      return value;
    }
    function done<T>(request: IDBRequest<T>): Promise<T> {
      return new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    const indexed: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await done(indexedDB.open(info.name));
      for (const name of db.objectStoreNames) {
        const store = db.transaction(name, 'readonly').objectStore(name);
        const [keys, values] = await Promise.all([done(store.getAllKeys()), done(store.getAll())]);
        indexed.push({
          db: info.name,
          store: name,
          keys: await plain(keys),
          values: await plain(values),
        });
      }
      db.close();
    }
    const cached: unknown[] = [];
    if ('caches' in globalThis) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          cached.push({ url: request.url, body: await (await cache.match(request))?.text() });
        }
      }
    }
    return JSON.stringify({
      local: { ...localStorage },
      session: { ...sessionStorage },
      indexed,
      cached,
    });
  });
}

test('a canary key entered in Settings is in the keychain and nowhere else', async ({
  app,
}, testInfo) => {
  test.skip(
    testInfo.project.name !== 'browser',
    'Needs the browser host: it records the traffic between main and the page, and exports without a save dialog.',
  );
  test.setTimeout(120_000);
  const { page, fake } = app;
  // The cards are for lines of the account, as they would be for real.
  for (const card of CARDS) fake.addPhoneNumber(card.e164);
  const traffic = app.recordTraffic!();
  const browserOutput: string[] = [];
  page.on('console', (message) => browserOutput.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => browserOutput.push(`pageerror: ${error.stack ?? error.message}`));
  // From a fresh load, so that everything main handed this page is on record.
  await page.reload();

  // The key, typed into Settings (the first-run screen) and checked with Linq.
  await expect(page.getByRole('heading', { name: 'Connect your Linq account' })).toBeVisible();
  await page.getByLabel('Linq API key').fill(CANARY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
  await expect(page.getByLabel('Linq API key')).toHaveCount(0);

  // A card set up at once.
  await openNewCard(app);
  await fillCard(app, CARDS[0]!);
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();

  // One saved while Linq cannot be reached, sent by the outbox once it can.
  const statusBar = page.getByRole('contentinfo', { name: 'Connection and outbox' });
  await fake.goOffline();
  await fillCard(app, CARDS[1]!);
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(statusBar).toContainText('1 waiting');
  await fake.goOnline();
  await expect(statusBar).toContainText('Nothing waiting', { timeout: 15_000 });

  // An error that gets logged, about the key itself: Linq refuses it on a card (401), sending
  // pauses, and the key is entered again in Settings.
  fake.failNext(1, { status: 401, code: 2004, path: '/v3/contact_card', method: 'POST' });
  await fillCard(app, CARDS[2]!);
  await page.getByRole('button', { name: 'Set up card' }).click();
  const paused = page.getByRole('alert').filter({ hasText: 'Sending paused' });
  await expect(paused).toBeVisible();
  await paused.getByRole('button', { name: 'Open API key settings' }).click();
  await page.getByRole('button', { name: 'Replace key' }).click();
  await page.getByLabel('Linq API key').fill(CANARY);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByRole('button', { name: /· verified/ })).toBeVisible();
  await expect.poll(() => fake.cards.get(CARDS[2]!.e164)?.first_name).toBe('Boston');

  // The History, refreshed from Linq and exported.
  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await expect(list.getByRole('option')).toHaveCount(3);
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced .* 3 at Linq/)).toBeVisible();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const exported = page.getByRole('status').filter({ hasText: /Exported 3 cards to/ });
  await expect(exported).toBeVisible();
  await app.screenshot('30-canary-session-done');

  // The key was really used, where it belongs: Linq saw it on authorised calls.
  expect(fake.requests.filter((request) => request.authorised).length).toBeGreaterThan(3);

  // The keychain holds it, under the entry the fixture gave this test.
  const keytar = createRequire(import.meta.url)('keytar') as KeytarLike;
  const service = `Linq Contact Cards e2e ${testInfo.testId} ${process.pid}`;
  expect(await keytar.getPassword(service, 'api-key')).toBe(CANARY);

  // Not in the page: markup, field values, storage.
  expectNoCanary('the page', await pageDom(page));
  expectNoCanary('the page’s storage', await pageStorage(page));
  expectNoCanary('the cookies', JSON.stringify(await page.context().cookies()));

  // Not in anything main handed the page: every call's answer, every event.
  const answered = new Set(traffic.filter((t) => t.kind === 'answer').map((t) => t.name));
  const events = new Set(traffic.filter((t) => t.kind === 'event').map((t) => t.name));
  for (const name of ['getAppState', 'saveKey', 'setupCard', 'exportCards']) {
    expect(answered, `an answer to ${name} was recorded`).toContain(name);
  }
  for (const name of ['keyStatusChanged', 'outboxChanged']) {
    expect(events, `a ${name} event was recorded`).toContain(name);
  }
  for (const entry of traffic) {
    expectNoCanary(`${entry.kind} ${entry.name}`, JSON.stringify(entry));
  }

  // Not in the data folder: the database with its WAL and shared memory (read while main
  // still has them open), the logs, the photos, anything else there.
  const files = await listFiles(app.dataDir);
  for (const suffix of ['', '-wal', '-shm']) expect(files).toContain(`${DATABASE_FILE}${suffix}`);
  // The logs (<dataDir>/logs): there must be something to search, or this proves nothing.
  const logs = files.filter((file) => file.startsWith('logs/'));
  expect(logs, 'files in the logs folder').not.toEqual([]);
  const logSizes = await Promise.all(
    logs.map(async (f) => (await stat(join(app.dataDir, f))).size),
  );
  expect(Math.max(...logSizes), 'the largest log file, in bytes').toBeGreaterThan(0);
  // And the session's key events are in them, so the search covers lines written while the key
  // was in use: stored, checked, refused by Linq, and cards sent with it.
  const logged = (await Promise.all(logs.map((f) => readFile(join(app.dataDir, f), 'utf8'))))
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { message: string }).message);
  for (const message of [
    'API key stored',
    'API key checked with Linq',
    'Linq refused the API key',
    'Outbox attempt applied',
  ]) {
    expect(logged, `the log says "${message}"`).toContain(message);
  }
  expect(await canaryInFiles(app.dataDir, CANARY)).toEqual([]);

  // Not in the export, which holds the cards.
  const path = /to (.+\.csv)\./.exec((await exported.textContent()) ?? '')![1]!;
  const csv = await readFile(path, 'utf8');
  expect(csv).toContain('Denver');
  expectNoCanary('the CSV export', csv);
  expect(await canaryInFiles(exportDir, CANARY)).toEqual([]);

  // Not in either process's output: main's stdout and stderr, the page's console and errors.
  expectNoCanary('main’s output', app.mainOutput());
  expectNoCanary('the browser console', browserOutput.join('\n'));
});
