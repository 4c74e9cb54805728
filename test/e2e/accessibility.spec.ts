// An automated accessibility audit (axe-core, WCAG 2.1 A and AA rules) of each main screen, in
// light and dark mode. It catches what role-based selectors do not: contrast, missing names,
// invalid ARIA, duplicate ids.
import { expect, test } from './fixtures.ts';
import { audit } from './axe-audit.ts';
import { chooseSpreadsheet, connectAccount, drop, fillCard, openNewCard } from './support.ts';

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`in ${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('the main screens have no WCAG A/AA violations', async ({ app }) => {
      const { page } = app;
      await expect(page.getByRole('heading', { name: 'Connect your Linq account' })).toBeVisible();
      expect(await audit(page), 'first run').toEqual([]);

      await connectAccount(app);
      await openNewCard(app);
      await fillCard(app, { firstName: 'Acme', phone: '(555) 123-4567' });
      await page.getByRole('button', { name: 'Set up card' }).click();
      await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
      expect(await audit(page), 'card form with an error').toEqual([]);

      await page.getByLabel('Phone number').fill('4155550132');
      await page.getByRole('button', { name: 'Set up card' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
      expect(await audit(page), 'card set up').toEqual([]);

      await page.keyboard.press('Control+3');
      await expect(page.getByRole('heading', { name: 'History' })).toBeFocused();
      // The list with its rows, and a card's detail with its timeline.
      await page
        .getByRole('listbox', { name: /^Cards/ })
        .getByRole('option')
        .first()
        .click();
      await expect(page.getByRole('list', { name: 'Timeline, newest first' })).toBeVisible();
      expect(await audit(page), 'history').toEqual([]);

      // The outbox with work waiting (Linq unreachable), and its cancel dialog.
      await app.fake.goOffline();
      await page.keyboard.press('Control+1');
      await fillCard(app, { firstName: 'Beta', phone: '4155550133' });
      await page.getByRole('button', { name: 'Set up card' }).click();
      await page.keyboard.press('Control+2');
      await expect(page.getByRole('heading', { name: 'Outbox' })).toBeFocused();
      await expect(page.getByRole('contentinfo')).toContainText('Offline');
      expect(await audit(page), 'outbox offline').toEqual([]);
      await page.getByRole('button', { name: 'Cancel +1 415 555 0133' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      expect(await audit(page), 'cancel dialog').toEqual([]);
    });

    test('key refusals, the status bar without a usable key, and the history’s new states have no WCAG A/AA violations', async ({
      app,
    }) => {
      const { page, fake } = app;
      fake.addPhoneNumber('+14155550132');
      fake.addPhoneNumber('+14155550134');
      // No key: the status bar names it.
      await expect(page.getByRole('contentinfo')).toContainText('Not connected');
      await page.getByRole('button', { name: 'Save key' }).click();
      await expect(page.getByLabel('Linq API key')).toHaveAccessibleDescription(
        /Enter your API key/,
      );
      expect(await audit(page), 'empty key').toEqual([]);
      await page.getByLabel('Linq API key').fill('linq_wrong_key_0000000099');
      await page.getByRole('button', { name: 'Save key' }).click();
      await expect(page.getByLabel('Linq API key')).toHaveAccessibleDescription(/did not accept/);
      expect(await audit(page), 'key refused').toEqual([]);

      await connectAccount(app);
      expect(await audit(page), 'key verified').toEqual([]);
      fake.failNext(1, { status: 401, code: 2004, path: '/v3/phone_numbers' });
      await page.getByRole('button', { name: 'Verify again' }).click();
      await expect(page.getByRole('contentinfo')).toContainText('Key refused by Linq');
      await page.keyboard.press('Control+1');
      expect(await audit(page), 'status bar: key refused').toEqual([]);
      await page.keyboard.press('Control+4');
      await page.getByRole('button', { name: 'Verify again' }).click();
      await expect(page.getByRole('contentinfo')).toContainText('Online');

      await openNewCard(app);
      await fillCard(app, { firstName: 'Acme', lastName: 'Help Desk', phone: '4155550132' });
      await page.getByRole('button', { name: 'Set up card' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
      await page.keyboard.press('Control+3');
      const list = page.getByRole('listbox', { name: /^Cards/ });
      await list.getByRole('option').first().click();
      const timeline = page.getByRole('list', { name: 'Timeline, newest first' });
      await expect(timeline).toBeVisible();
      await timeline.getByText('Steps (3)').click();
      expect(await audit(page), 'history: initials and one entry per change').toEqual([]);

      await page.getByRole('searchbox', { name: 'Search names and numbers' }).fill('nobody');
      await expect(page.getByRole('button', { name: 'Clear search' })).toBeVisible();
      expect(await audit(page), 'history: no match').toEqual([]);
      await page.getByRole('button', { name: 'Clear search' }).click();

      await page.getByLabel('Show').selectOption('no-card');
      await expect(
        page.getByRole('list', { name: 'Lines without a card' }).getByRole('button', {
          name: /Set up/,
        }),
      ).not.toHaveCount(0);
      expect(await audit(page), 'history: lines with no card yet').toEqual([]);
    });

    test.describe('the card form', () => {
      test.use({
        fakeOptions: {
          initialCards: [
            {
              phone_number: '+14155550133',
              first_name: 'Denver',
              last_name: 'Store',
              is_active: true,
            },
          ],
        },
      });

      test('its photo, load-card and edit states have no WCAG A/AA violations', async ({ app }) => {
        const { page } = app;
        await connectAccount(app);
        await openNewCard(app);
        await page.getByLabel('First name').fill('Keyboard');
        await page.getByLabel('Last name').fill('Only');
        await drop(page, 'photo.jpg', 'image/jpeg');
        await expect(page.getByTestId('photo-sharpness')).toBeVisible();
        expect(await audit(page), 'small photo warning').toEqual([]);

        await drop(page, 'logo.svg', 'image/svg+xml');
        await expect(page.getByRole('alert')).toContainText('Your current photo is kept.');
        expect(await audit(page), 'refused file, photo kept').toEqual([]);

        const phone = page.getByRole('combobox', { name: 'Phone number' });
        await phone.fill('0133');
        await page.getByRole('option').filter({ hasText: 'Denver Store' }).click();
        const dialog = page.getByRole('dialog', { name: '+1 415 555 0133 already has a card' });
        await expect(dialog).toBeVisible();
        expect(await audit(page), 'load-card question').toEqual([]);

        await dialog.getByRole('button', { name: 'Load the card' }).click();
        await expect(
          page.getByRole('heading', { name: 'Edit card for +1 415 555 0133' }),
        ).toBeVisible();
        await page.getByLabel('Last name').fill('Downtown');
        await expect(
          page.getByRole('table', { name: 'The card now and after this update' }),
        ).toBeVisible();
        expect(await audit(page), 'edit card with its comparison').toEqual([]);

        await page.getByRole('radio', { name: scheme === 'light' ? 'Dark' : 'Light' }).check();
        expect(await audit(page), 'iPhone preview in the other appearance').toEqual([]);
      });
    });

    test('the line picker and the import screen have no WCAG A/AA violations', async ({ app }) => {
      const { page, fake } = app;
      fake.addPhoneNumber('+16175550104', { reputation: 'AT_RISK' });
      fake.addPhoneNumber('+16175550105', { reputation: 'CRITICAL' });
      await connectAccount(app);
      await openNewCard(app);
      const phone = page.getByRole('combobox', { name: 'Phone number' });
      await phone.focus();
      await phone.press('Alt+ArrowDown');
      await expect(
        page.getByRole('listbox', { name: 'Your lines' }).getByRole('option'),
      ).toHaveCount(5);
      await phone.press('ArrowDown');
      expect(await audit(page), 'line picker open').toEqual([]);
      if (scheme === 'dark') await app.screenshot('25-line-picker-dark');
      await phone.press('Escape');

      // A file with a ready row, a warning, an error and a duplicate.
      await page.keyboard.press('Control+5');
      await chooseSpreadsheet(
        app,
        'lines.csv',
        'Phone,First name,Last name\n+1 415 555 0132,Downtown,Store\n(303) 555-0101,Denver,\n' +
          '12345,Bad,Number\n+1 303 555 0101,Denver,Again\n',
      );
      await page.getByRole('button', { name: 'Preview the rows' }).click();
      const rows = page.getByRole('listbox', { name: /^Rows of the file/ }).getByRole('option');
      await expect(rows).toHaveCount(4);
      await rows.nth(2).click();
      expect(await audit(page), 'import preview').toEqual([]);
      if (scheme === 'dark') await app.screenshot('26-import-preview-dark');

      await expect(
        page.getByText('Numbers without a country code were read as United States (+1)'),
      ).toBeVisible();

      // Confirm, with the number that is not one of the lines and its explicit include.
      await page.getByRole('button', { name: 'Continue' }).click();
      const include = page.getByRole('checkbox', { name: 'Include them anyway' });
      await expect(include).not.toBeChecked();
      expect(await audit(page), 'import confirm, a number that is not a line').toEqual([]);
      if (scheme === 'dark') await app.screenshot('26b-import-confirm-dark');
      await include.check();
      await page.getByRole('button', { name: 'Import 2 cards' }).click();
      await expect(page.getByRole('heading', { name: 'Import summary' })).toBeFocused();
      await expect(
        page.getByRole('listbox', { name: /^Rows of the import/ }).getByRole('option'),
      ).toHaveCount(4);
      expect(await audit(page), 'import summary').toEqual([]);
      if (scheme === 'dark') await app.screenshot('27-import-summary-dark');
    });

    test("the import's Confirm without the account's lines has no WCAG A/AA violations", async ({
      app,
    }) => {
      const { page, fake } = app;
      // Saved while Linq cannot be reached: the lines were never read.
      await fake.goOffline();
      await page.getByLabel('Linq API key').fill(fake.apiKey);
      await page.getByRole('button', { name: 'Save key' }).click();
      await expect(page.getByRole('button', { name: /· unverified/ })).toBeVisible();
      await page.keyboard.press('Control+5');
      await page
        .getByLabel('Or paste rows copied from a spreadsheet')
        .fill('Phone\tFirst name\n(415) 555-0132\tDowntown\n(303) 555-0101\tDenver\n');
      await page.getByRole('button', { name: 'Use the pasted rows' }).click();
      await page.getByRole('button', { name: 'Preview the rows' }).click();
      await expect(page.getByText('Looking up which numbers already have a card')).toHaveCount(0);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByText(/Your account's lines could not be loaded/)).toBeVisible();
      expect(await audit(page), 'import confirm, lines not known').toEqual([]);
      if (scheme === 'dark') await app.screenshot('26c-import-confirm-no-lines-dark');
    });
  });
}
