// Versions of a card end to end in the browser host: a card set up with a photo, updated with
// another, then changed at Linq; its History detail lists the three versions newest first,
// each with its photo, what made it and when; the export can list every version (an audit).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit } from './axe-audit.ts';
import { expect, test } from './fixtures.ts';
import { screenshotEveryWay } from './screens.ts';
import { connectAccount, drop, setUpCardWithPhoto } from './support.ts';

const exportDir = await mkdtemp(join(tmpdir(), 'linq-e2e-export-'));
test.use({ mainEnv: { LINQ_EXPORT_DIR: exportDir } });

test('a card’s versions, newest first, each with its photo, and every version in the export', async ({
  app,
}) => {
  const { page, fake } = app;
  fake.addPhoneNumber('+14155550132');
  await connectAccount(app);
  await setUpCardWithPhoto(app, { firstName: 'Acme', lastName: 'Pharmacy', phone: '4155550132' });

  // An update with new names and a new photo, from the card's detail.
  await page.keyboard.press('Control+3');
  const list = page.getByRole('listbox', { name: /Cards, \d+ in all/ });
  await list.getByRole('option').filter({ hasText: 'Acme' }).click();
  const detail = page.getByRole('region', { name: '+1 415 555 0132' });
  await detail.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('First name').fill('Acme Health');
  await drop(page, 'exif-orientation-8-le.jpg', 'image/jpeg');
  await expect(page.getByRole('img', { name: /Photo framing/ })).toBeVisible();
  await page.getByRole('button', { name: 'Submit the update' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();

  // Someone changes the last name at Linq; a refresh sees it.
  fake.cards.get('+14155550132')!.last_name = 'Pharmacy & Clinic';
  await page.keyboard.press('Control+3');
  await page.getByRole('button', { name: 'Refresh from Linq' }).click();
  await expect(page.getByText(/Synced .* 1 changed/)).toBeVisible();
  await list.getByRole('option').filter({ hasText: 'Acme' }).click();

  const versions = detail.getByRole('list', { name: 'Versions, newest first' });
  const entries = versions.getByRole('listitem');
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('Acme Health Pharmacy & Clinic');
  await expect(entries.nth(0)).toContainText('Now');
  await expect(entries.nth(0)).toContainText('Changed at Linq');
  await expect(entries.nth(1)).toContainText('Acme Health Pharmacy');
  await expect(entries.nth(1)).toContainText('Your change');
  await expect(entries.nth(2)).toContainText('Acme Pharmacy');
  await expect(entries.nth(2)).toContainText('Your change');
  await expect(entries.nth(1)).not.toContainText('Now');
  // Each entry is named by its names (a heading), and each shows its own photo.
  await expect(versions.getByRole('heading', { name: /^Acme Pharmacy/ })).toBeVisible();
  const photos: string[] = [];
  for (const index of [0, 1, 2]) {
    const photo = entries.nth(index).getByRole('img', { name: /^Photo of the version/ });
    await expect(photo).toBeVisible();
    expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    photos.push(await photo.evaluate((img: HTMLImageElement) => img.src));
  }
  // The first photo and the second differ; the change at Linq kept the second.
  expect(photos[0]).toBe(photos[1]);
  expect(photos[1]).not.toBe(photos[2]);
  // When, in local time, as a machine-readable time too.
  await expect(entries.nth(2).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  // No WCAG A/AA violations in the list, in light mode or dark.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await audit(page), `versions, ${scheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  // At the smaller size the list is below the card: scrolled to, so the screenshots show it.
  await page.setViewportSize({ width: 900, height: 700 });
  await entries.nth(2).scrollIntoViewIfNeeded();
  await screenshotEveryWay(app, 'i17-history-versions');

  // The audit export: one row per version.
  await page.getByLabel('Every version (audit)').check();
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const exported = page.getByRole('status').filter({ hasText: /Exported 3 versions to/ });
  await expect(exported).toBeVisible();
  const path = /to (.+\.csv)\./.exec((await exported.textContent()) ?? '')![1]!;
  const csv = await readFile(path, 'utf8');
  expect(csv.startsWith('\uFEFFPhone number,Version,Confirmed at')).toBe(true);
  expect(csv.split('\r\n').filter((line) => line.startsWith(`'+14155550132`))).toHaveLength(3);
});
