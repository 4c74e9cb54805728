// Imports cannot be repeated without limit with fresh request ids: at most MAX_WAITING_CARDS
// cards wait in the outbox at once, and imports record at most MAX_IMPORT_ROWS_PER_HOUR rows
// an hour. Through the real services and database, at the real bounds (no key is set, so
// nothing is sent and every enqueued card waits).
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { ImportProgress, ImportRequest } from '../../shared/import.schema.ts';
import { MAX_IMPORT_ROWS } from '../../shared/import.rules.ts';
import {
  MAX_IMPORT_ROWS_PER_HOUR,
  MAX_WAITING_CARDS,
} from '../../electron/services/import/import-limits.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const number = (i: number) => `+1415${String(2_000_000 + i).padStart(7, '0')}`;

function request(ready: number, skipped: number, from = 0): ImportRequest {
  return {
    requestId: randomUUID(),
    fileName: 'stores.csv',
    rows: Array.from({ length: ready }, (_, i) => ({
      line: i + 2,
      action: 'setup' as const,
      phoneNumber: number(from + i),
      firstName: `Store ${from + i}`,
    })),
    skipped: Array.from({ length: skipped }, (_, i) => ({
      line: ready + i + 2,
      phoneNumber: '555',
      firstName: 'Bad',
      lastName: '',
      reason: 'invalid' as const,
      detail: 'Not a phone number',
    })),
  };
}

it('records at most the hourly number of import rows, then takes imports again an hour on', async () => {
  let now = new Date('2026-12-07T10:00:00Z');
  h = await startHarness({ clock: () => now });
  const imports = MAX_IMPORT_ROWS_PER_HOUR / MAX_IMPORT_ROWS;
  for (let i = 0; i < imports; i++) {
    await h.value<ImportProgress>('importCards', request(1, MAX_IMPORT_ROWS - 1, i));
    now = new Date(now.getTime() + 60_000);
  }
  const refused = await h.call('importCards', request(1, 0, 100));
  expect(refused).toMatchObject({
    ok: false,
    error: {
      code: 'IMPORT_LIMIT',
      message: expect.stringMatching(/already hold 200,000 rows.*again in an hour/),
    },
  });
  // A repeat of an import already made is answered, not refused (it adds nothing).
  const first = request(1, 0, 200);
  now = new Date(now.getTime() + 61 * 60_000);
  await h.value('importCards', first);
  expect(await h.call('importCards', first)).toMatchObject({ ok: true });
}, 120_000);

it('keeps at most the bound of cards waiting at once', async () => {
  h = await startHarness();
  await h.value('importCards', request(MAX_WAITING_CARDS - 10, 0));
  // Ten more fit; eleven do not, whatever their request id.
  const eleven = await h.call('importCards', request(11, 0, MAX_WAITING_CARDS));
  expect(eleven).toMatchObject({
    ok: false,
    error: {
      code: 'IMPORT_LIMIT',
      message: expect.stringMatching(/49,990 cards are still waiting .* at most 50,000 waiting/),
    },
  });
  await h.value('importCards', request(10, 0, MAX_WAITING_CARDS));
  expect(await h.call('importCards', request(1, 0, MAX_WAITING_CARDS + 20))).toMatchObject({
    ok: false,
    error: { code: 'IMPORT_LIMIT' },
  });
}, 180_000);
