// Card photos reach the window through main, over real HTTP from the fake Linq API's CDN on
// loopback: the photo of a card set up elsewhere is fetched once a sync has brought the card
// in, and only once; a photo this computer uploaded comes from its own copy, with no request;
// an address no record holds is never fetched, whatever the page asks. Every request main
// makes is written down by the fetch the services are given. Only loopback traffic.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import { globalFetch, type FetchLike } from '../../electron/services/net/fetch.ts';
import { requireTestKeyring, startHarness, type Harness } from '../support/services-harness.ts';
import { uploadedElsewhere } from '../support/uploaded-elsewhere.ts';

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

const imageFetches = () => fetched.filter((url) => url.includes('/__cdn/'));

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
  it('of a card set up elsewhere is fetched by main once a sync brought the card in, and once', async () => {
    await h.withKey();
    const imageUrl = await uploadedElsewhere(h.fake, new Uint8Array(jpeg));
    h.fake.seedCard({
      phone_number: ELSEWHERE,
      first_name: 'Other',
      image_url: imageUrl,
      is_active: true,
    });
    // Not known yet: nothing is fetched.
    expect(await h.value('readCardImage', { url: imageUrl })).toBeNull();
    expect(imageFetches()).toEqual([]);
    await h.value('syncCards');
    const image = await h.value('readCardImage', { url: imageUrl });
    expect(image).toEqual({ contentType: 'image/jpeg', base64: jpeg.toString('base64') });
    expect(await h.value('readCardImage', { url: imageUrl })).toEqual(image);
    expect(imageFetches()).toEqual([imageUrl]);
  });

  it('that this computer uploaded comes from its own copy, without a request', async () => {
    const imageUrl = await cardWithPhoto();
    const image = await h.value('readCardImage', { url: imageUrl });
    expect(image).toEqual({ contentType: 'image/jpeg', base64: jpeg.toString('base64') });
    expect(imageFetches()).toEqual([]);
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
});
