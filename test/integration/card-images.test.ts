// Card photos reach the window through main, over real HTTP from the fake Linq API's CDN on
// loopback: a photo this app uploaded is served back as bytes, fetched once; an address no
// record holds is never fetched, whatever the page asks; a card set up elsewhere becomes
// known when a sync brings it in. Every request main makes is written down by the fetch the
// services are given. Only loopback traffic (port 9 on loopback answers nothing).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/outbox.ts';
import { globalFetch, type FetchLike } from '../../electron/services/net/fetch.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';

requireTestKeyring();

const NUMBER = '+14155550132';
const ELSEWHERE = '+14155550133';
const FIXTURES = new URL('../fixtures/images/', import.meta.url);
const finished = (item: OutboxItem) => !['waiting', 'sending', 'in-doubt'].includes(item.state);

let h: Harness;
let fetched: string[];
let jpeg: Buffer;

beforeEach(async () => {
  fetched = [];
  const recording: FetchLike = (input, init) => {
    fetched.push(input instanceof Request ? input.url : String(input));
    return globalFetch(input, init);
  };
  h = await startHarness({ fetch: recording });
  jpeg = await readFile(new URL('photo.jpg', FIXTURES));
});

afterEach(async () => {
  await h.close();
});

const imageFetches = () => fetched.filter((url) => !url.includes('/api/partner/'));

async function cardWithPhoto(): Promise<string> {
  await h.withKey();
  const photo = await h.value('storePhoto', {
    sha256: createHash('sha256').update(jpeg).digest('hex'),
    contentType: 'image/jpeg',
    base64: jpeg.toString('base64'),
  });
  const item = await h.value<OutboxItem>('setupCard', {
    phoneNumber: NUMBER,
    firstName: 'Acme',
    photo,
  });
  const done = await h.waitForItem(item.id, finished);
  expect(done.state).toBe('done');
  const imageUrl = done.fields.imageUrl!;
  expect(imageUrl.startsWith(`${h.fake.origin}/__cdn/`)).toBe(true);
  return imageUrl;
}

describe('a card’s photo for the window', () => {
  it('is fetched by main from the card’s image URL once, and handed over as its bytes', async () => {
    const imageUrl = await cardWithPhoto();
    const before = imageFetches().length;
    const first = await h.value('readCardImage', { url: imageUrl });
    expect(first).toEqual({ contentType: 'image/jpeg', base64: jpeg.toString('base64') });
    expect(await h.value('readCardImage', { url: imageUrl })).toEqual(first);
    expect(imageFetches().slice(before)).toEqual([imageUrl]);
  });

  it('is never fetched from an address no record holds', async () => {
    const imageUrl = await cardWithPhoto();
    const before = fetched.length;
    const requestsBefore = h.fake.requests.length;
    for (const url of [
      `${imageUrl}?stolen=${encodeURIComponent('a card the user is looking at')}`,
      `${h.fake.origin}/__cdn/someone-else/photo.jpg`,
      'https://127.0.0.1:9/pixel.gif?stolen=1',
    ]) {
      expect(await h.call('readCardImage', { url })).toEqual({ ok: true, value: null });
    }
    expect(fetched.slice(before)).toEqual([]);
    expect(h.fake.requests.slice(requestsBefore)).toEqual([]);
  });

  it('of a card set up elsewhere is fetched once a sync has brought the card in', async () => {
    await h.withKey();
    const elsewhere = 'https://127.0.0.1:9/cards/elsewhere.jpg';
    h.fake.seedCard({
      phone_number: ELSEWHERE,
      first_name: 'Other',
      image_url: elsewhere,
      is_active: true,
    });
    expect(await h.value('readCardImage', { url: elsewhere })).toBeNull();
    expect(imageFetches()).toEqual([]);
    await h.value('syncCards');
    // Known now: main tries it (nothing answers on loopback port 9, so there is no photo).
    expect(await h.value('readCardImage', { url: elsewhere })).toBeNull();
    expect(imageFetches()).toEqual([elsewhere]);
  });
});
