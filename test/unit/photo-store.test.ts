// The photo store with real fixture files: a refused file never costs the photo already chosen.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { choosePhoto, clearPhoto, usePhoto } from '../../renderer/src/store/photo.ts';

const FIXTURES = new URL('../fixtures/images/', import.meta.url);

async function file(name: string, type: string): Promise<File> {
  return new File([await readFile(new URL(name, FIXTURES))], name, { type });
}

afterEach(() => clearPhoto());

describe('choosePhoto', () => {
  it('keeps the chosen photo when the next file is refused, and says why beside it', async () => {
    await choosePhoto(await file('photo.jpg', 'image/jpeg'));
    const chosen = usePhoto.getState().photo;
    expect(chosen).toMatchObject({ status: 'ready', name: 'photo.jpg' });

    await choosePhoto(await file('logo.svg', 'image/svg+xml'));
    const state = usePhoto.getState();
    expect(state.photo).toBe(chosen);
    expect(state.refusal?.name).toBe('logo.svg');
    expect(state.refusal?.message).toMatch(/SVG drawings cannot be used/);
    expect(state.checking).toBeNull();
  });

  it('replaces the photo with the next file that passes, and forgets the refusal', async () => {
    await choosePhoto(await file('photo.jpg', 'image/jpeg'));
    await choosePhoto(await file('notes.txt', 'image/jpeg'));
    expect(usePhoto.getState().refusal?.name).toBe('notes.txt');
    await choosePhoto(await file('transparent.png', 'image/png'));
    const state = usePhoto.getState();
    expect(state.photo).toMatchObject({ status: 'ready', name: 'transparent.png' });
    expect(state.refusal).toBeNull();
  });

  it('refuses a TIFF without dropping the photo before it', async () => {
    await choosePhoto(await file('photo.jpg', 'image/jpeg'));
    await choosePhoto(await file('photo-le.tiff', 'image/tiff'));
    expect(usePhoto.getState().photo).toMatchObject({ status: 'ready', name: 'photo.jpg' });
    expect(usePhoto.getState().refusal?.message).toMatch(/TIFF photos cannot be framed/);
  });

  it('removing the photo clears the refusal too', async () => {
    await choosePhoto(await file('logo.svg', 'image/svg+xml'));
    expect(usePhoto.getState().refusal).not.toBeNull();
    clearPhoto();
    expect(usePhoto.getState()).toMatchObject({ photo: { status: 'empty' }, refusal: null });
  });
});
