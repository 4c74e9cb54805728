// A card's photo in the real renderer: drawn from bytes main fetched from the card's image URL
// (the fake Linq API's CDN on loopback) and handed over as a blob:, never loaded by the page
// itself. A page asking main for an address no record holds gets nothing and nothing is
// fetched; loading the image itself is refused by the Content-Security-Policy before any
// request leaves.
import { readFile } from 'node:fs/promises';
import type { LinqApi } from '../../shared/bridge.ts';
import { expect, test } from './fixtures.ts';
import { connectAccount } from './support.ts';
import { uploadedElsewhere } from '../support/uploaded-elsewhere.ts';

type WithBridge = { linq: LinqApi };

test('a card’s photo comes through main, and the page loads no image from elsewhere', async ({
  app,
}) => {
  const { page, fake } = app;
  // Every answer the page itself gets: only its own files, blob: and data: are expected.
  // (Answers, not requests: Chromium reports a request the CSP refused, which never left.)
  const pageRequests: string[] = [];
  page.on('response', (response) => pageRequests.push(response.url()));

  await connectAccount(app);
  // A photo another computer uploaded to Linq: this one has no copy of it.
  const jpeg = await readFile(new URL('../fixtures/images/photo.jpg', import.meta.url));
  const imageUrl = await uploadedElsewhere(fake, jpeg);
  expect(imageUrl).toMatch(new RegExp(`^${fake.origin}/__cdn/`));

  // A card set up elsewhere with that photo: the detail and the edit form draw it.
  fake.seedCard({
    phone_number: '+14155550133',
    first_name: 'Elsewhere',
    image_url: imageUrl,
    is_active: true,
  });
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'History' })
    .click();
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  // Its row in the list draws the photo Linq serves too (through main), not just initials.
  const row = page.getByRole('option').filter({ hasText: 'Elsewhere' });
  await expect(row.getByRole('img', { name: 'Card photo' })).toHaveAttribute('src', /^blob:/);
  await row.click();
  const detail = page.getByRole('region', { name: '+1 415 555 0133' });
  const photo = detail.locator('img.thumbnail-large');
  await expect(photo).toBeVisible();
  expect(await photo.getAttribute('src')).toMatch(/^blob:/);
  expect(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  await app.screenshot('31-history-photo-through-main');
  await detail.getByRole('button', { name: 'Edit' }).click();
  const preview = page.getByTestId('iphone-preview').locator('.ios-header img');
  await expect(preview).toBeVisible();
  expect(await preview.getAttribute('src')).toMatch(/^blob:/);
  // Main read the CDN address; the page never did.
  const cdnPath = new URL(imageUrl).pathname;
  expect(fake.requests.filter((r) => r.method === 'GET' && r.path === cdnPath)).toHaveLength(1);
  expect(pageRequests.filter((url) => url.startsWith(fake.origin))).toEqual([]);

  // An address of the page's own making, with data in it: main fetches nothing.
  const before = fake.requests.length;
  const answer = await page.evaluate(
    (url) => (globalThis as unknown as WithBridge).linq.readCardImage({ url }),
    `${imageUrl}?stolen=1`,
  );
  expect(answer).toEqual({ ok: true, value: null });
  expect(fake.requests.slice(before)).toEqual([]);

  // Nor can the page load it itself: refused by img-src before a request is made.
  const direct = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const scope = globalThis as unknown as {
          document: {
            addEventListener(name: string, f: (e: { effectiveDirective: string }) => void): void;
          };
          Image: new () => { src: string; onload: () => void };
        };
        scope.document.addEventListener('securitypolicyviolation', (event) =>
          resolve(event.effectiveDirective),
        );
        const image = new scope.Image();
        image.onload = () => resolve('loaded');
        image.src = url;
      }),
    `${imageUrl}?direct=1`,
  );
  expect(direct).toBe('img-src');
  expect(fake.requests.slice(before)).toEqual([]);
  expect(pageRequests.filter((url) => url.startsWith(fake.origin))).toEqual([]);
});
