// The history of cards: one row per number written with every outbox step, an event timeline,
// search the way staff type, the sync with Linq (adding, refreshing, keeping what is pending,
// never deleting) and the CSV export read back with a real CSV parser.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardHistory, CardList, SyncStatus } from '../../shared/card-history.schema.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

async function list(query = '', status = 'all'): Promise<CardList> {
  return h.value<CardList>('listCards', { query, status, offset: 0, limit: 100 });
}

async function historyOf(phoneNumber: string): Promise<CardHistory> {
  return h.value<CardHistory>('getCardHistory', { phoneNumber });
}

describe('the record', () => {
  it('follows a card from queued to set up, with its timeline', async () => {
    await h.withKey();
    h.fake.resetConnectionNext({ when: 'after-apply', method: 'POST' });
    const item = await h.value<OutboxItem>('setupCard', {
      phoneNumber: NUMBER,
      firstName: 'Acme',
      lastName: 'Support',
    });
    await h.waitForItem(item.id, finished);
    const { card, events } = await historyOf(NUMBER);
    expect(card).toMatchObject({
      status: 'active',
      firstName: 'Acme',
      lastName: 'Support',
      isActive: true,
      confirmedBy: 'read-back',
      origin: 'this-computer',
      pending: null,
    });
    expect(events.map((e) => e.kind).reverse()).toEqual([
      'queued',
      'attempt', // the reset: no answer
      'attempt', // the read-back
      'set-up',
    ]);
    expect(events.at(-2)?.detail).toMatch(/No answer/);
  });

  it('shows failures with their reason, decisions needed, and what is still waiting', async () => {
    await h.withKey();
    h.fake.failNext(1, { status: 400, code: 1002, method: 'POST' });
    const failed = await h.value<OutboxItem>('setupCard', { phoneNumber: NUMBER, firstName: 'A' });
    await h.waitForItem(failed.id, finished);
    expect((await historyOf(NUMBER)).card.status).toBe('failed');
    expect((await historyOf(NUMBER)).events[0]).toMatchObject({
      kind: 'failed',
      error: { code: 'INVALID_PHONE' },
    });

    h.fake.seedCard({ phone_number: '+14155550133', first_name: 'Old', is_active: true });
    const exists = await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+14155550133',
      firstName: 'New',
    });
    await h.waitForItem(exists.id, finished);
    expect((await historyOf('+14155550133')).card).toMatchObject({ status: 'needs-decision' });
    await h.value('decideOutboxItem', { id: exists.id, decision: 'update-instead' });
    await h.waitForItem(exists.id, finished);
    const decided = await historyOf('+14155550133');
    expect(decided.card).toMatchObject({ status: 'active', firstName: 'New' });
    expect(decided.events.map((e) => e.kind).slice(0, 3)).toEqual([
      'updated',
      'attempt',
      'decision',
    ]);
    expect(decided.events[2]?.detail).toBe('Update the existing card instead');

    await h.fake.goOffline();
    await h.value('setupCard', { phoneNumber: '+14155550134', firstName: 'Later' });
    const waiting = (await historyOf('+14155550134')).card;
    expect(waiting).toMatchObject({ status: 'waiting', pending: { firstName: 'Later' } });
    expect(await list('', 'waiting')).toMatchObject({ total: 1 });
    expect(await list('', 'failed')).toMatchObject({ total: 1 });
    expect(await list('', 'active')).toMatchObject({ total: 1 });
    expect(await list()).toMatchObject({ total: 3 });
  });
});

describe('search', () => {
  beforeEach(async () => {
    await h.withKey();
    h.fake.seedCard({
      phone_number: '+12125551234',
      first_name: 'Zoë',
      last_name: 'Brontë',
      is_active: true,
    });
    h.fake.seedCard({
      phone_number: '+14155550132',
      first_name: 'Acme',
      last_name: 'Support',
      is_active: false,
    });
    await h.value('syncCards');
  });

  it('finds numbers by their digits, whatever the punctuation', async () => {
    for (const query of ['555 12', '(212) 555-12', '+1 212 555', '2125551234']) {
      expect(
        (await list(query)).rows.map((r) => r.phoneNumber),
        query,
      ).toEqual(['+12125551234']);
    }
  });

  it('finds names regardless of case and accents, every word', async () => {
    expect((await list('zoe bronte')).rows.map((r) => r.firstName)).toEqual(['Zoë']);
    expect((await list('ACME')).rows.map((r) => r.firstName)).toEqual(['Acme']);
    expect((await list('acme zoe')).total).toBe(0);
  });

  it('filters by state and lists the latest change first', async () => {
    expect((await list('', 'inactive')).rows.map((r) => r.phoneNumber)).toEqual(['+14155550132']);
    const item = await h.value<OutboxItem>('updateCard', {
      phoneNumber: '+12125551234',
      lastName: 'B',
    });
    await h.waitForItem(item.id, finished);
    expect((await list()).rows[0]?.phoneNumber).toBe('+12125551234');
  });
});

describe('sync with Linq', () => {
  it('adds cards set up elsewhere, refreshes known ones, keeps pending work, deletes nothing', async () => {
    await h.withKey();
    // A card made here, later changed at Linq; one made elsewhere; one only here.
    const mine = await h.value<OutboxItem>('setupCard', { phoneNumber: NUMBER, firstName: 'Acme' });
    await h.waitForItem(mine.id, finished);
    h.fake.cards.get(NUMBER)!.first_name = 'Acme Corp';
    h.fake.seedCard({ phone_number: '+14155550133', first_name: 'Elsewhere', is_active: true });
    // Pending: rate-limited for a while, so it is still waiting during the sync.
    h.fake.rateLimitNext(1, 30, { method: 'POST' });
    const pending = await h.value<OutboxItem>('setupCard', {
      phoneNumber: '+14155550134',
      firstName: 'Mine',
    });
    await h.waitForItem(pending.id, (i) => i.attempts === 1 && i.state === 'waiting');
    h.fake.seedCard({ phone_number: '+14155550134', first_name: 'Theirs', is_active: true });

    const status = await h.value<SyncStatus>('syncCards');
    expect(status).toMatchObject({
      running: false,
      error: null,
      lastResult: { seen: 3, added: 1, updated: 2 },
    });

    const rows = Object.fromEntries((await list()).rows.map((r) => [r.phoneNumber, r]));
    expect(rows[NUMBER]).toMatchObject({
      firstName: 'Acme Corp',
      confirmedBy: 'sync',
      origin: 'this-computer',
    });
    expect(rows['+14155550133']).toMatchObject({
      firstName: 'Elsewhere',
      origin: 'elsewhere',
      status: 'active',
    });
    // Linq's version is recorded, the local submission still shows over it.
    expect(rows['+14155550134']).toMatchObject({
      firstName: 'Theirs',
      status: 'waiting',
      pending: { firstName: 'Mine' },
    });
    expect((await historyOf('+14155550133')).events[0]).toMatchObject({
      kind: 'synced',
      detail: 'Found at Linq',
    });

    // Linq forgetting a card (or listing fewer) deletes nothing here.
    h.fake.cards.delete('+14155550133');
    await h.value('syncCards');
    expect((await list()).total).toBe(3);
  });

  it('reports an answer it cannot read, and keeps what it had', async () => {
    await h.withKey();
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Acme', is_active: true });
    await h.value('syncCards');
    h.fake.malformNext(1, 'not-json', { method: 'GET' });
    expect(await h.value('syncCards')).toMatchObject({ error: { code: 'MALFORMED_RESPONSE' } });
    expect((await list()).total).toBe(1);
  });

  it('syncs by itself once Linq can be reached', async () => {
    await h.close();
    h = await startHarness({ syncOnConnect: true });
    h.fake.seedCard({ phone_number: NUMBER, first_name: 'Elsewhere', is_active: true });
    await h.withKey();
    await h.value('verifyKey'); // an answer from Linq: reachable
    await expect.poll(async () => (await list()).total).toBe(1);
  });
});

describe('export', () => {
  it('writes the filtered list as CSV that spreadsheets read safely', async () => {
    await h.withKey();
    const awkward = [
      ['+14155550101', 'Quote "Q" Inc', 'a,b'],
      ['+14155550102', 'Line\nbreak', 'emoji 🎉'],
      ['+14155550103', 'مرحبا', 'שלום'],
      ['+14155550104', '=HYPERLINK("http://evil")', '@SUM(1)'],
      ['+14155550105', '-2+3', '+cmd'],
    ] as const;
    for (const [phone_number, first_name, last_name] of awkward) {
      h.fake.seedCard({ phone_number, first_name, last_name, is_active: true });
    }
    await h.value('syncCards');
    const result = await h.value<{ path: string; rows: number }>('exportCards', {
      query: '',
      status: 'all',
    });
    expect(result.rows).toBe(5);
    const text = await readFile(result.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    const byNumber = Object.fromEntries(
      records.map((r) => [r['Phone number']!.replace(/^'/, ''), r]),
    );
    expect(byNumber['+14155550101']).toMatchObject({
      'First name': 'Quote "Q" Inc',
      'Last name': 'a,b',
    });
    expect(byNumber['+14155550102']).toMatchObject({
      'First name': 'Line\nbreak',
      'Last name': 'emoji 🎉',
    });
    expect(byNumber['+14155550103']).toMatchObject({ 'First name': 'مرحبا', 'Last name': 'שלום' });
    // Formula prefixes neutralised: no cell starts with = + - @.
    expect(byNumber['+14155550104']).toMatchObject({
      'First name': `'=HYPERLINK("http://evil")`,
      'Last name': `'@SUM(1)`,
    });
    expect(byNumber['+14155550105']).toMatchObject({ 'First name': `'-2+3`, 'Last name': `'+cmd` });
    for (const record of records) {
      for (const value of Object.values(record)) expect(value).not.toMatch(/^[=+\-@]/);
    }

    const filtered = await h.value<{ rows: number }>('exportCards', {
      query: 'emoji',
      status: 'all',
    });
    expect(filtered.rows).toBe(1);
  });
});
