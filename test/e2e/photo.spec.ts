// The profile photo end to end: a real drop event with a DataTransfer onto the zone, the
// framing preview, the card submitted, and the processed photo found at Linq (the fake's
// attachment and the card's image_url) without its EXIF GPS position; bad files refused by
// name; and the photo in the history, from the local copy.
import { readFile } from 'node:fs/promises';
import { hasExifGps } from '../../renderer/src/lib/image/exif-reader.ts';
import { findMetadataResidue } from '../../shared/image/metadata-residue.ts';
import { TIFF_IMAGE_TAGS, tiffTags } from '../../shared/image/strip-tiff.ts';
import { expect, test } from './fixtures.ts';
import { connectAccount, drop, fillCard, openNewCard } from './support.ts';

const FIXTURES = new URL('../fixtures/images/', import.meta.url);
const CDN = 'https://cdn.fake-linq.invalid';

test.use({ fakeOptions: { downloadUrlOrigin: CDN } });

test.beforeEach(async ({ app }) => {
  await connectAccount(app);
  await openNewCard(app);
});

test('a dropped photo is framed, sent without its GPS tag, and used on the card', async ({
  app,
}) => {
  const { page, fake } = app;
  const original = await readFile(new URL('exif-gps-orientation-6-be.jpg', FIXTURES));
  expect(hasExifGps(original)).toBe(true); // the fixture really carries a position

  await fillCard(app, { firstName: 'Acme', lastName: 'Support', phone: '4155550132' });
  // An address typed earlier, not valid: the chosen photo takes its place, it must not block.
  await page.getByRole('button', { name: 'Use an image address instead' }).click();
  await page.getByLabel('Image address').fill('http://example.com/logo.png');
  await drop(page, 'exif-gps-orientation-6-be.jpg', 'image/jpeg');
  await expect(page.getByLabel('Image address')).toBeDisabled();
  const frame = page.getByRole('img', { name: /Photo framing: exif-gps-orientation-6-be\.jpg/ });
  await expect(frame).toBeVisible();
  await frame.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowLeft');
  await app.screenshot('16-photo-framed');

  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();

  const card = fake.cards.get('+14155550132');
  expect(card?.image_url).toMatch(new RegExp(`^${CDN}/__cdn/`));
  const [attachment] = [...fake.attachments.values()];
  expect(attachment?.content_type).toBe('image/jpeg');
  const uploaded = attachment!.bytes!;
  expect(uploaded.equals(original)).toBe(false); // re-encoded, not the original file
  expect(hasExifGps(uploaded)).toBe(false);
  expect(uploaded.subarray(0, 2).toString('hex')).toBe('ffd8');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'History' })
    .click();
  const row = page.getByRole('option').filter({ hasText: 'Acme Support' });
  const thumbnail = row.getByRole('img', { name: 'Card photo' });
  await expect(thumbnail).toBeVisible();
  expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);
});

test('files that cannot be a photo are refused with what to do, and never attached', async ({
  app,
}) => {
  const { page, fake } = app;
  await drop(page, 'logo.svg', 'image/svg+xml');
  await expect(page.getByRole('alert')).toContainText('SVG drawings cannot be used');
  await expect(page.getByRole('alert')).toContainText('Export the logo as a PNG or JPEG');
  await app.screenshot('17-photo-refused');

  // Named .jpg, but a text file: judged by its bytes, not its name.
  const text = (await readFile(new URL('notes.txt', FIXTURES))).toString('base64');
  const dataTransfer = await page.evaluateHandle((base64) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([atob(base64)], 'holiday.jpg', { type: 'image/jpeg' }));
    return transfer;
  }, text);
  await page.getByRole('button', { name: /Profile photo/ }).dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('alert')).toContainText('holiday.jpg');
  await expect(page.getByRole('alert')).toContainText('not an image the app can read');

  // A refused file is not attached: the card goes without a photo, and nothing is uploaded.
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  expect(fake.cards.get('+14155550132')?.image_url).toBeUndefined();
  expect(fake.requests.filter((r) => r.path.endsWith('/attachments'))).toHaveLength(0);
});

test('a TIFF with a GPS position is taken, sent uncropped and without the position', async ({
  app,
}) => {
  // The form used to refuse TIFF because it could not clean it; it cleans it now, as the
  // import does, so both take TIFF by the same rule.
  const { page, fake } = app;
  const original = await readFile(new URL('gps-le.tiff', FIXTURES));
  expect(findMetadataResidue(original)).not.toBeNull(); // the fixture carries a position
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  await drop(page, 'gps-le.tiff', 'image/tiff');
  await expect(page.getByText('no preview')).toBeVisible();
  await expect(page.getByText(/without its camera data/)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await app.screenshot('17b-photo-tiff-cleaned');

  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  const [attachment] = [...fake.attachments.values()];
  expect(attachment?.content_type).toBe('image/tiff');
  const uploaded = new Uint8Array(attachment!.bytes!);
  expect(findMetadataResidue(uploaded)).toBeNull();
  expect(tiffTags(uploaded).filter((tag) => !TIFF_IMAGE_TAGS.has(tag))).toEqual([]);
  expect(Buffer.from(uploaded).toString('latin1')).not.toMatch(/GPS|Paris|Elm Street/);
});

test('a refused file leaves the photo already chosen in place, and it is the one sent', async ({
  app,
}) => {
  const { page, fake } = app;
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  await page.getByLabel('Phone number').press('Escape');
  await drop(page, 'exif-gps-orientation-6-be.jpg', 'image/jpeg');
  const frame = page.getByRole('img', { name: /Photo framing: exif-gps-orientation-6-be\.jpg/ });
  await expect(frame).toBeVisible();

  await drop(page, 'logo.svg', 'image/svg+xml');
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('logo.svg');
  await expect(refusal).toContainText('SVG drawings cannot be used');
  await expect(refusal).toContainText('Your current photo is kept.');
  // The JPEG is still framed, and still what the iPhone preview shows.
  await expect(frame).toBeVisible();
  await expect(
    page.getByTestId('iphone-preview').locator('img.cropped-photo').first(),
  ).toHaveAttribute('src', /^blob:/);
  await refusal.scrollIntoViewIfNeeded();
  await app.screenshot('30-photo-refused-keeps-photo');

  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  expect(fake.cards.get('+14155550132')?.image_url).toMatch(new RegExp(`^${CDN}/__cdn/`));
  expect([...fake.attachments.values()][0]?.content_type).toBe('image/jpeg');
});

test('a photo too small to look sharp in iMessage is accepted with a warning', async ({ app }) => {
  const { page } = app;
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  await page.getByLabel('Phone number').press('Escape');
  await drop(page, 'photo.jpg', 'image/jpeg'); // 64 × 48 px
  await expect(page.getByRole('img', { name: /Photo framing: photo\.jpg/ })).toBeVisible();
  const warning = page.getByTestId('photo-sharpness');
  await expect(warning).toContainText('only 48 × 48 px');
  await expect(warning).toContainText('at least 256 × 256 px');
  await app.screenshot('31-photo-small-warning');

  // A photo of 600 × 400 px, drawn in the page: sharp enough, the warning goes.
  const large = await page.evaluateHandle(async () => {
    const canvas = new OffscreenCanvas(600, 400);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#2f5bd3';
    context.fillRect(0, 0, 600, 400);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], 'large.png', { type: 'image/png' }));
    return transfer;
  });
  await page
    .getByRole('button', { name: /Profile photo/ })
    .dispatchEvent('drop', { dataTransfer: large });
  await expect(page.getByRole('img', { name: /Photo framing: large\.png/ })).toBeVisible();
  await expect(warning).toHaveCount(0);
});

test('editing a line whose card this computer sent shows the card’s current photo', async ({
  app,
}) => {
  const { page } = app;
  await fillCard(app, { firstName: 'Acme', lastName: 'Support', phone: '4155550132' });
  await drop(page, 'exif-gps-orientation-6-be.jpg', 'image/jpeg');
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();

  // Choose the line again: its card is loaded, photo included (from this computer's copy).
  const phone = page.getByRole('combobox', { name: 'Phone number' });
  await phone.fill('415 555 0132');
  const option = page.getByRole('option').filter({ hasText: 'Acme Support' });
  await expect(option).toBeVisible();
  await option.click();
  await expect(page.getByRole('heading', { name: 'Edit card for +1 415 555 0132' })).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('Acme');
  await expect(page.getByText('The card’s current photo.')).toBeVisible();
  await expect(page.locator('.photo-current img')).toHaveAttribute('src', /^blob:/);
  await expect(page.getByTestId('iphone-preview').locator('.ios-header img')).toHaveAttribute(
    'src',
    /^blob:/,
  );
  // The address is not shown as a long text field; it is there on request.
  await expect(page.getByLabel('Image address')).toHaveCount(0);
  await app.screenshot('32-edit-card-current-photo');

  // A refused file leaves the current photo as it is, too.
  await drop(page, 'logo.svg', 'image/svg+xml');
  await expect(page.getByRole('alert')).toContainText('Your current photo is kept.');
  await expect(page.locator('.photo-current img')).toHaveAttribute('src', /^blob:/);
});
