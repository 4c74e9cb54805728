// The app follows the operating system's dark mode, and is usable from the keyboard alone.
import { expect, test } from './fixtures.ts';
import { connectAccount } from './support.ts';

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('follows the OS colour scheme', async ({ app }) => {
    const { page } = app;
    await connectAccount(app);
    await page.keyboard.press('Control+1');
    await expect(page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // A dark background: every channel well below the middle.
    const channels = background.match(/\d+/g)!.slice(0, 3).map(Number);
    expect(Math.max(...channels)).toBeLessThan(80);
    await app.screenshot('12-dark-mode-form');
  });
});

test('keyboard shortcuts switch screens and move focus to the heading', async ({ app }) => {
  const { page } = app;
  await connectAccount(app);
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { name: 'Outbox' })).toBeFocused();
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('heading', { name: 'History' })).toBeFocused();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }),
  ).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Control+4');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('heading', { name: 'New contact card' })).toBeFocused();
});
