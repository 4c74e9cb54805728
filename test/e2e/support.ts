// Steps several specs share.
import { expect } from '@playwright/test';
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
