// The New card form's photo (store/photo.ts), with the checks and the pipeline stood in for
// (they need Chromium's decoders): only a file that passes replaces the photo, a later choice
// wins over a slower earlier one, and a photo that fails to process is dropped only if it is
// still the one chosen.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhotoCheck } from '../../../../renderer/src/lib/image/photo-checks.ts';
import type { ProcessPhotoResult } from '../../../../renderer/src/lib/image/process-photo.ts';
import {
  choosePhoto,
  clearPhoto,
  preparePhoto,
  usePhoto,
} from '../../../../renderer/src/store/photo.ts';
import { deferred, installFakeWindow } from '../../../support/fake-window.ts';

/** What each file's check answers, by file name; a test may hold one back. */
const checks = new Map<string, Promise<PhotoCheck>>();
let processing: Promise<ProcessPhotoResult>;

vi.mock('../../../../renderer/src/lib/image/photo-checks.ts', () => ({
  checkPhotoFile: async (file: File) => ({ check: await checks.get(file.name)!, bytes: null }),
}));
vi.mock('../../../../renderer/src/lib/image/process-photo.ts', () => ({
  processCheckedPhoto: () => processing,
  cleanSentAsIs: () => ({ ok: true }),
}));
// FileReader, which the real one uses, is not in Node.
vi.mock('../../../../renderer/src/lib/image/base64.ts', () => ({
  bytesToBase64: async () => 'AAAA',
}));

const PASSED = { ok: true, format: 'jpeg', width: 800, height: 600 } as unknown as PhotoCheck;
const REFUSED = { ok: false, code: 'not-an-image', message: 'Not a photo.' } as PhotoCheck;

const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: 'image/jpeg' });
const chosenName = () => {
  const photo = usePhoto.getState().photo;
  return photo.status === 'ready' ? photo.name : null;
};

let stored: unknown[];

beforeEach(() => {
  usePhoto.setState(usePhoto.getInitialState(), true);
  checks.clear();
  stored = [];
  installFakeWindow({
    storePhoto: async (input) => {
      stored.push(input);
      return { ok: true, value: { sha256: input.sha256 } as never };
    },
  });
});

afterEach(() => vi.unstubAllGlobals());

describe('choosing a photo', () => {
  it('takes a file that passes its checks, framed in the middle', async () => {
    checks.set('a.jpg', Promise.resolve(PASSED));
    await choosePhoto(file('a.jpg'));
    const photo = usePhoto.getState().photo;
    expect(photo.status === 'ready' && photo.crop).toEqual({ centerX: 0.5, centerY: 0.5, zoom: 1 });
    expect(chosenName()).toBe('a.jpg');
    expect(usePhoto.getState().checking).toBeNull();
  });

  it('keeps the photo chosen before a refused file, and says why beside it', async () => {
    checks.set('a.jpg', Promise.resolve(PASSED));
    checks.set('b.txt', Promise.resolve(REFUSED));
    await choosePhoto(file('a.jpg'));
    await choosePhoto(file('b.txt'));
    expect(chosenName()).toBe('a.jpg');
    expect(usePhoto.getState().refusal).toEqual({ name: 'b.txt', message: 'Not a photo.' });
  });

  it('lets a later choice win over an earlier one still being checked', async () => {
    const slow = deferred<PhotoCheck>();
    checks.set('slow.jpg', slow.promise);
    checks.set('quick.jpg', Promise.resolve(PASSED));
    const first = choosePhoto(file('slow.jpg'));
    await choosePhoto(file('quick.jpg'));
    slow.resolve(PASSED);
    await first;
    expect(chosenName()).toBe('quick.jpg');
  });

  it('drops a check that finishes after the photo was removed', async () => {
    const slow = deferred<PhotoCheck>();
    checks.set('slow.jpg', slow.promise);
    const choosing = choosePhoto(file('slow.jpg'));
    clearPhoto();
    slow.resolve(PASSED);
    await choosing;
    expect(usePhoto.getState().photo.status).toBe('empty');
    expect(usePhoto.getState().checking).toBeNull();
  });
});

describe('preparing the photo on submit', () => {
  it('stores the processed photo in main and returns what the card refers to', async () => {
    checks.set('a.jpg', Promise.resolve(PASSED));
    await choosePhoto(file('a.jpg'));
    processing = Promise.resolve({
      ok: true,
      bytes: new Uint8Array([9]),
      sha256: 'abc',
      contentType: 'image/jpeg',
    } as unknown as ProcessPhotoResult);
    expect(await preparePhoto()).toEqual({ sha256: 'abc' });
    expect(stored).toEqual([{ sha256: 'abc', contentType: 'image/jpeg', base64: 'AAAA' }]);
    expect(usePhoto.getState().preparing).toBe(false);
  });

  it('drops a photo that fails to process, saying why', async () => {
    checks.set('a.jpg', Promise.resolve(PASSED));
    await choosePhoto(file('a.jpg'));
    processing = Promise.resolve({ ok: false, message: 'Too damaged.' } as ProcessPhotoResult);
    const result = await preparePhoto();
    expect(result).toMatchObject({ code: 'INVALID_INPUT' });
    expect(usePhoto.getState().photo.status).toBe('empty');
    expect(usePhoto.getState().refusal).toEqual({ name: 'a.jpg', message: 'Too damaged.' });
  });

  it('keeps a photo chosen while the one before it was being processed and failed', async () => {
    checks.set('a.jpg', Promise.resolve(PASSED));
    checks.set('b.jpg', Promise.resolve(PASSED));
    await choosePhoto(file('a.jpg'));
    const failure = deferred<ProcessPhotoResult>();
    processing = failure.promise;
    const preparing = preparePhoto();
    await choosePhoto(file('b.jpg'));
    failure.resolve({ ok: false, message: 'Too damaged.' } as ProcessPhotoResult);
    await preparing;
    expect(chosenName()).toBe('b.jpg');
    expect(usePhoto.getState().refusal).toBeNull();
  });
});
