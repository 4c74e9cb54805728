// The hosted workflow's smoke check of `npm start` (electron/main/smoke-check.ts) decides that
// the app works by what its probe reads in the page: here the probe is run on the real first
// screens, so a renamed class or heading breaks this test and not only the hosted run.
import { FIRST_SCREEN_PROBE } from '../../electron/main/smoke-check.ts';
import { expect, test } from './fixtures.ts';

test('the smoke check reads the first screen, without a key and with one', async ({ app }) => {
  const { page, fake } = app;
  await expect(page.getByRole('heading', { name: 'Connect your Linq account' })).toBeVisible();
  expect(await page.evaluate(FIRST_SCREEN_PROBE)).toEqual({
    shown: true,
    heading: 'Settings', // without a key the app opens on its settings
    failed: null,
  });

  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByText('Key verified')).toBeVisible();
  await app.restartMain();
  await expect(page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
  expect(await page.evaluate(FIRST_SCREEN_PROBE)).toMatchObject({
    shown: true,
    heading: 'New contact card',
  });
});
