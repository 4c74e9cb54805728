// Steps several specs share.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { AppUnderTest } from './fixtures.ts';

/** Enters the fake API's key on the first-run screen and waits until Linq accepted it. */
export async function connectAccount(app: AppUnderTest): Promise<void> {
  await app.page.getByLabel('Linq API key').fill(app.fake.apiKey);
  await app.page.getByRole('button', { name: 'Save key' }).click();
  await expect(app.page.getByRole('button', { name: /· verified/ })).toBeVisible();
}

export async function openNewCard(app: AppUnderTest): Promise<void> {
  await app.page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'New card' })
    .click();
  await expect(app.page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
}

export async function fillCard(
  app: AppUnderTest,
  card: { firstName: string; lastName?: string; phone: string },
): Promise<void> {
  const { page } = app;
  await page.getByLabel('First name').fill(card.firstName);
  if (card.lastName !== undefined) await page.getByLabel('Last name').fill(card.lastName);
  await page.getByLabel('Phone number').fill(card.phone);
}

const FIXTURES = new URL('../fixtures/images/', import.meta.url);

/**
 * Sets up a card through the form with a dropped photo, as staff would, and waits for Linq's
 * confirmation (the versions and restore specs start from such a card).
 */
export async function setUpCardWithPhoto(
  app: AppUnderTest,
  card: { firstName: string; lastName?: string; phone: string },
  photo = 'photo.jpg',
): Promise<void> {
  const { page } = app;
  await openNewCard(app);
  await fillCard(app, card);
  await drop(page, photo, 'image/jpeg');
  await expect(page.getByRole('img', { name: /Photo framing/ })).toBeVisible();
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
}

/** Drops a fixture image onto the photo zone with a real DataTransfer, as a user would. */
export async function drop(page: Page, fixture: string, type: string): Promise<void> {
  const base64 = (await readFile(new URL(fixture, FIXTURES))).toString('base64');
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name, type }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type }));
      return transfer;
    },
    { base64, name: fixture, type },
  );
  const zone = page.getByRole('button', { name: /Profile photo/ });
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await expect(zone).toContainText('Drop the photo to use it');
  await zone.dispatchEvent('drop', { dataTransfer });
}

/**
 * Writes a spreadsheet into `folder` (a fresh one by default) and picks it in main's own open
 * dialog through "Choose file…", as a user does. Answers the file's path.
 */
export async function chooseSpreadsheet(
  app: AppUnderTest,
  name: string,
  contents: string | Buffer,
  folder?: string,
): Promise<string> {
  const dir = folder ?? (await mkdtemp(join(tmpdir(), 'linq-e2e-sheet-')));
  const path = join(dir, name);
  await writeFile(path, contents);
  await app.answerOpenDialog(path);
  await app.page.getByRole('button', { name: 'Choose file…' }).click();
  return path;
}

/** Screenshots of the current state at 1280×800 and 900×700, in light and dark mode. */
export async function screenshotsEverySize(app: AppUnderTest, name: string): Promise<void> {
  const { page } = app;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [
      [1280, 800],
      [900, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await app.screenshot(`${name}-${width}x${height}-${scheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/**
 * Imports pasted rows (a header, then phone, first name, last name) on the Import screen,
 * updating the cards that exist, and waits for its summary; answers the summary's heading.
 */
export async function importPastedUpdates(page: Page, rows: readonly string[][]) {
  await page.keyboard.press('Control+5');
  await expect(page.getByRole('heading', { name: 'Import cards' })).toBeFocused();
  await page
    .getByLabel('Or paste rows copied from a spreadsheet')
    .fill(
      [['Phone', 'First name', 'Last name'], ...rows].map((cells) => cells.join('\t')).join('\n'),
    );
  await page.getByRole('button', { name: 'Use the pasted rows' }).click();
  await page.getByRole('button', { name: 'Preview the rows' }).click();
  await expect(page.getByText('Looking up which numbers already have a card')).toHaveCount(0);
  await page.getByRole('radio', { name: /Update their cards/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  const total = rows.length;
  await page
    .getByRole('button', { name: `Import ${total} ${total === 1 ? 'card' : 'cards'}` })
    .click();
  const summary = page.getByRole('heading', { name: 'Import summary' });
  await expect(summary).toBeFocused({ timeout: 20_000 });
  return summary;
}

/** The datetime-local value `offsetMs` from now, in the page's own time zone (as typed). */
export function localInputValue(page: Page, offsetMs: number): Promise<string> {
  return page.evaluate((offset) => {
    const d = new Date(Date.now() + offset);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }, offsetMs);
}
