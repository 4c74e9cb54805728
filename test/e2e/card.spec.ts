// Setting up and updating a card, end to end: the form, the outbox in main sending to the fake
// Linq API, the live result, the 409 -> update decision, and errors shown plainly.
import { expect, test, type AppUnderTest } from './fixtures.ts';
import { connectAccount, drop, fillCard, openNewCard } from './support.ts';

test.beforeEach(async ({ app }) => {
  await connectAccount(app);
  await openNewCard(app);
});

test('explains invalid phone numbers and sends nothing', async ({ app }) => {
  const { page, fake } = app;
  await fillCard(app, { firstName: 'Acme', phone: '(555) 123-4567' });
  await page.getByLabel('First name').focus(); // leave the phone field
  const phone = page.getByLabel('Phone number');
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/not a valid phone number in United States/)).toBeVisible();
  await app.screenshot('04-invalid-phone');

  await phone.fill('12');
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByText('This number is too short.')).toBeVisible();
  await expect(phone).toBeFocused();
  expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
});

test('sets up a card and shows it active; Ctrl+Enter submits', async ({ app }) => {
  const { page, fake } = app;
  await fillCard(app, { firstName: 'Acme', lastName: 'Support', phone: '4155550132' });
  await expect(page.getByLabel('Phone number')).toHaveValue('(415) 555-0132');
  await expect(page.getByText('Will be sent as +14155550132')).toBeVisible();
  await app.screenshot('05-form-filled');

  await page.getByLabel('Last name').press('Control+Enter');
  await expect(
    page.getByRole('status').filter({ hasText: 'Card is active on +1 415 555 0132' }),
  ).toBeVisible();
  expect(fake.cards.get('+14155550132')).toMatchObject({
    first_name: 'Acme',
    last_name: 'Support',
    is_active: true,
  });
  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(1);
  await app.screenshot('06-card-active');

  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'History' })
    .click();
  const row = page.getByRole('option').filter({ hasText: '+1 415 555 0132' });
  await expect(row).toContainText('Acme Support');
  await expect(row).toContainText('Active');
  await app.screenshot('07-history');
});

test('a card saved but not yet applied says so, and when it is checked again', async ({ app }) => {
  const { page, fake } = app;
  fake.setCardActivation('inactive');
  await fillCard(app, { firstName: 'Acme', phone: '+1 212 555 0100' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByText(/Not active yet — next check at \d/).first()).toBeVisible();
});

test('a number that already has a card can be updated instead, sending only the changes', async ({
  app,
}) => {
  const { page, fake } = app;
  fake.seedCard({
    phone_number: '+14155550133',
    first_name: 'Acme',
    last_name: 'Support',
    is_active: true,
  });
  await fillCard(app, { firstName: 'Acme', lastName: 'Sales', phone: '(415) 555-0133' });
  await page.getByRole('button', { name: 'Set up card' }).click();

  // The side panel says so; the dialog opens only from the user's own Review.
  await expect(page.locator('.outcome')).toContainText('This number already has a card.');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Review the card for +1 415 555 0133' }).click();
  const dialog = page.getByRole('dialog', { name: '+1 415 555 0133 already has a contact card' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Support');
  await expect(dialog).toContainText('Sales');
  await app.screenshot('08-card-exists-dialog');

  await dialog.getByRole('button', { name: 'Update the existing card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();
  const patches = fake.ledger.filter((effect) => effect.effect === 'card.updated');
  expect(patches).toHaveLength(1);
  expect(patches[0]?.body).toEqual({ last_name: 'Sales' });
  expect(fake.cards.get('+14155550133')).toMatchObject({ first_name: 'Acme', last_name: 'Sales' });
  await app.screenshot('09-card-updated');
});

test('a 401 from Linq pauses sending, keeps the card, and a re-entered key sends it', async ({
  app,
}) => {
  const { page, fake } = app;
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  fake.failNext(1, { status: 401, code: 2004, path: '/v3/contact_card', method: 'POST' });
  await page.getByRole('button', { name: 'Set up card' }).click();

  const paused = page.getByRole('alert').filter({ hasText: 'Sending paused' });
  await expect(paused).toContainText('Linq did not accept the API key');
  await expect(page.getByRole('button', { name: /· rejected/ })).toBeVisible();
  await expect(
    page.getByRole('contentinfo').getByRole('button', { name: '1 waiting' }),
  ).toBeVisible();
  await app.screenshot('10-key-refused-on-submit');

  await paused.getByRole('button', { name: 'Open API key settings' }).click();
  await expect(page.getByRole('heading', { name: 'API key', exact: true })).toBeVisible();
  // The earlier "Key verified" message would now contradict the refusal.
  await expect(page.getByText('Key verified')).toHaveCount(0);
  await page.getByRole('button', { name: 'Replace key' }).click();
  await page.getByLabel('Linq API key').fill(fake.apiKey);
  await page.getByRole('button', { name: 'Save key' }).click();

  await expect(page.getByRole('alert').filter({ hasText: 'Sending paused' })).toHaveCount(0);
  await expect.poll(() => fake.cards.get('+14155550132')?.first_name).toBe('Acme');
  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(1);
});

test('a server error is checked and sent again by itself, applied once', async ({ app }) => {
  const { page, fake } = app;
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  fake.failNext(1, { status: 500, code: 3006, path: '/v3/contact_card', method: 'POST' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  // Read back between the two POSTs, never a blind resend.
  // (The history's sync lists every card with a GET of its own, without a phone number.)
  const cardCalls = fake.requests.filter(
    (r) => r.path.endsWith('/v3/contact_card') && (r.method !== 'GET' || r.query.phone_number),
  );
  expect(cardCalls.map((r) => `${r.method} ${r.status}`)).toEqual([
    'POST 500',
    'GET 200',
    'POST 200',
  ]);
  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(1);
});

test('a card Linq refuses shows the reason and its support reference, and can be edited', async ({
  app,
}) => {
  const { page, fake } = app;
  await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
  fake.failNext(1, {
    status: 400,
    path: '/v3/contact_card',
    method: 'POST',
    body: {
      success: false,
      error: { status: 400, code: 1005, message: 'first_name is not allowed' },
      trace_id: 'trace-e2e-1005',
    },
  });
  await page.getByRole('button', { name: 'Set up card' }).click();

  const failed = page.locator('.outcome').filter({ hasText: 'was not set up' });
  await expect(failed).toContainText('first_name is not allowed');
  await expect(failed).toContainText('Reference for support: trace-e2e-1005');
  await app.screenshot('11-card-refused');

  // At the smallest window the panel's text-only buttons share a row, not one row each.
  await page.setViewportSize({ width: 900, height: 700 });
  const viewOutbox = await failed.getByRole('button', { name: 'View outbox' }).boundingBox();
  const dismiss = await failed.getByRole('button', { name: 'Dismiss' }).boundingBox();
  expect(Math.abs(viewOutbox!.y - dismiss!.y)).toBeLessThan(2);
  await app.screenshot('39-card-refused-900x700');

  // The error report for a support ticket: version, code, Linq's message and the trace id. On
  // the clipboard where the page may write to it, otherwise shown selected for copying by hand.
  await failed.getByRole('button', { name: 'Copy error report' }).click();
  const manual = failed.getByRole('textbox', { name: 'Error report' });
  const report = (await manual.isVisible())
    ? await manual.inputValue()
    : await page
        .context()
        .grantPermissions(['clipboard-read'], { origin: new URL(page.url()).origin })
        .then(() => page.evaluate(() => navigator.clipboard.readText()));
  expect(report).toMatch(/^App version: \d+\.\d+\.\d+/m);
  expect(report).toContain('Error: INVALID_INPUT (HTTP 400, Linq code 1005)');
  expect(report).toContain('first_name is not allowed');
  expect(report).toContain('Linq trace id: trace-e2e-1005');

  await failed.getByRole('button', { name: 'Edit and resubmit' }).click();
  await expect(page.getByLabel('First name')).toHaveValue('Acme');
  await page.getByLabel('First name').fill('Acme Support');
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();
  expect(fake.cards.get('+14155550132')).toMatchObject({ first_name: 'Acme Support' });
  expect(fake.ledger.filter((effect) => effect.effect === 'card.created')).toHaveLength(1);
});

test.describe('the form at the desk', () => {
  const LINE = '+13035550101';
  const SHOWN = '+1 303 555 0101';

  for (const scheme of ['light', 'dark'] as const) {
    test.describe(`in ${scheme} mode`, () => {
      test.use({ colorScheme: scheme });

      test('leads with the phone line and keeps its action bar in view at 1280×800 and 900×700', async ({
        app,
      }) => {
        const { page } = app;
        for (const [width, height] of [
          [1280, 800],
          [900, 700],
        ] as const) {
          await page.setViewportSize({ width, height });
          const phone = page.getByRole('combobox', { name: 'Phone number' });
          const firstName = page.getByLabel('First name');
          // The line, the first real choice, comes first.
          expect((await phone.boundingBox())!.y).toBeLessThan((await firstName.boundingBox())!.y);
          // The submit button is on screen, above the status bar, without scrolling.
          const submit = await page.getByRole('button', { name: 'Set up card' }).boundingBox();
          const statusBar = await page.getByRole('contentinfo').boundingBox();
          expect(submit!.y).toBeGreaterThanOrEqual(0);
          expect(submit!.y + submit!.height).toBeLessThanOrEqual(statusBar!.y);
          // One line under the phone field: the lines' freshness, nothing else.
          const phoneField = page.locator('.field:has(#card-phone)');
          await expect(phoneField.locator('.field-hint, .lines-status')).toHaveCount(1);
          // The image address waits behind its own button.
          await expect(page.getByLabel('Image address')).toHaveCount(0);
          await app.screenshot(`33-new-card-${width}x${height}-${scheme}`);
        }

        // With a long form (a photo, the address open), the bar still stays in view at 900×700.
        await fillCard(app, { firstName: 'Acme', phone: '4155550132' });
        await page.getByRole('button', { name: 'Use an image address instead' }).click();
        await expect(page.getByLabel('Image address')).toBeVisible();
        const submit = await page.getByRole('button', { name: 'Set up card' }).boundingBox();
        const statusBar = await page.getByRole('contentinfo').boundingBox();
        expect(submit!.y + submit!.height).toBeLessThanOrEqual(statusBar!.y);
      });

      test('the preview is iOS Messages: initials, the name as an iPhone cuts it, no number once named', async ({
        app,
      }) => {
        const { page } = app;
        await page.setViewportSize({ width: 1280, height: 800 });
        const preview = page.getByTestId('iphone-preview');
        await page.getByLabel('Phone number').fill('4155550132');
        // Before a name, an iPhone shows the number.
        await expect(preview.locator('.ios-title')).toContainText('+1 415 555 0132');
        await expect(preview.locator('.ios-banner')).toHaveCount(0);

        await page.getByLabel('First name').fill('Acme');
        await page.getByLabel('Last name').fill('Help Desk');
        await page.getByLabel('Phone number').press('Escape');
        await expect(preview.locator('.ios-header .ios-avatar-initials')).toHaveText('AH');
        await expect(preview.locator('.ios-title')).toContainText('Acme Help Desk');
        await expect(preview).not.toContainText('415');
        await expect(preview.locator('.ios-banner')).toContainText('Shared their name and photo');
        await expect(preview).toHaveAttribute('aria-label', /“Acme Help Desk”.*initials AH/);
        await expect(preview).toHaveClass(new RegExp(`iphone-${scheme}`));
        await app.screenshot(`34-iphone-preview-${scheme}`);

        // The other appearance, on request.
        const other = scheme === 'light' ? 'Dark' : 'Light';
        await page.getByRole('radio', { name: other }).check();
        await expect(preview).toHaveClass(new RegExp(`iphone-${other.toLowerCase()}`));

        // A name longer than an iPhone's header holds ends in "…" there, as on the phone.
        await page.getByLabel('First name').fill('Acme Regional Customer');
        await page.getByLabel('Last name').fill('Help Desk and Support Services');
        const title = preview.locator('.ios-title-text');
        await expect(title).toHaveText('Acme Regional Customer Help Desk and Support Services');
        expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
        await page.getByLabel('First name').fill('Acme');
        await page.getByLabel('Last name').fill('Help Desk');
        expect(await title.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(false);
      });
    });
  }

  test('the whole form works from the keyboard, its focus visible at every stop', async ({
    app,
  }) => {
    const { page, fake } = app;
    await page.setViewportSize({ width: 900, height: 700 });
    await page.getByRole('heading', { name: 'New contact card' }).focus();
    const visibleFocus = () =>
      page.evaluate(() => document.activeElement?.matches(':focus-visible') ?? false);
    async function tabTo(target: ReturnType<typeof page.getByRole>) {
      await page.keyboard.press('Tab');
      await expect(target).toBeFocused();
      expect(await visibleFocus()).toBe(true);
    }

    await tabTo(page.getByRole('button', { name: 'Change default country' }));
    await tabTo(page.getByRole('combobox', { name: 'Phone number' }));
    await page.keyboard.type('4155550132');
    await tabTo(page.getByRole('button', { name: 'Refresh lines' }));
    await tabTo(page.getByLabel('First name'));
    await page.keyboard.type('Acme');
    await tabTo(page.getByLabel('Last name'));
    await page.keyboard.type('Help Desk');
    await tabTo(page.getByRole('button', { name: /Profile photo/ }));
    await tabTo(page.getByRole('button', { name: 'Use an image address instead' }));
    await page.keyboard.press('Enter');
    await tabTo(page.getByLabel('Image address'));
    // "When to send": one stop for its radios (the chosen one, "Now"), arrows move between them.
    await tabTo(page.getByRole('radio', { name: 'Now' }));
    await tabTo(page.getByRole('button', { name: 'Set up card' }));
    await tabTo(page.getByRole('radio', { name: 'Light' }));
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(
      page.getByRole('status').filter({ hasText: 'Card is active on +1 415 555 0132' }),
    ).toBeVisible();
    expect(fake.cards.get('+14155550132')).toMatchObject({
      first_name: 'Acme',
      last_name: 'Help Desk',
    });
  });

  test.describe('with a line that has a card', () => {
    // Present before connecting, so the sync on connecting puts it in the history.
    test.use({
      fakeOptions: {
        initialCards: [
          { phone_number: LINE, first_name: 'Denver', last_name: 'Store', is_active: true },
        ],
      },
    });
    test.beforeEach(async ({ app }) => {
      app.fake.addPhoneNumber(LINE);
      await app.page.getByRole('button', { name: 'Refresh lines' }).click();
    });

    async function chooseLine(app: AppUnderTest) {
      const phone = app.page.getByRole('combobox', { name: 'Phone number' });
      await phone.fill('303');
      const option = app.page.getByRole('option').filter({ hasText: 'Denver Store' });
      await expect(option).toBeVisible();
      // By keyboard: the first match, then Enter.
      await phone.press('ArrowDown');
      await phone.press('Enter');
      return phone;
    }

    test('choosing it over typed names asks first; loading it shows its names, titled with the number', async ({
      app,
    }) => {
      const { page, fake } = app;
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByLabel('First name').fill('Keyboard');
      await page.getByLabel('Last name').fill('Only');
      const phone = await chooseLine(app);

      const dialog = page.getByRole('dialog', { name: `${SHOWN} already has a card` });
      await expect(dialog).toContainText('“Denver Store”');
      await expect(dialog).toContainText('“Keyboard Only”');
      // Nothing replaced while the question is open.
      await expect(page.getByLabel('First name')).toHaveValue('Keyboard');
      await app.screenshot('35-load-card-question');

      await dialog.getByRole('button', { name: 'Load the card' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(phone).toBeFocused();
      await expect(page.getByRole('heading', { name: `Edit card for ${SHOWN}` })).toBeVisible();
      await expect(page.getByLabel('First name')).toHaveValue('Denver');
      await expect(page.getByLabel('Last name')).toHaveValue('Store');
      await expect(phone).toHaveValue(SHOWN);

      // Before the update is sent: the card now and after, the changed field marked.
      await page.getByLabel('Last name').fill('Downtown');
      const compare = page.getByRole('table', { name: 'The card now and after this update' });
      const lastRow = compare.getByRole('row', { name: /Last name/ });
      await expect(lastRow).toContainText('Store');
      await expect(lastRow).toContainText('Downtown');
      await expect(lastRow).toContainText('Changes');
      await expect(compare.getByRole('row', { name: /First name/ })).not.toContainText('Changes');
      await expect(page.getByText('This update changes 1 field')).toBeVisible();
      await app.screenshot('36-edit-card');

      await page.getByRole('button', { name: 'Submit the update' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();
      const patches = fake.ledger.filter((effect) => effect.effect === 'card.updated');
      expect(patches.map((p) => p.body)).toEqual([{ last_name: 'Downtown' }]);
      await expect(page.getByRole('heading', { name: 'New contact card' })).toBeVisible();
    });

    test('keeping what was typed makes it the update, shown against the card before it is sent', async ({
      app,
    }) => {
      const { page, fake } = app;
      await page.getByLabel('First name').fill('Keyboard');
      await page.getByLabel('Last name').fill('Only');
      const phone = await chooseLine(app);
      const dialog = page.getByRole('dialog', { name: `${SHOWN} already has a card` });
      await expect(dialog.getByRole('button', { name: 'Keep what I entered' })).toBeFocused();
      await page.keyboard.press('Escape'); // the same as keeping: nothing is lost
      await expect(dialog).toHaveCount(0);
      await expect(phone).toBeFocused();

      await expect(page.getByRole('heading', { name: `Edit card for ${SHOWN}` })).toBeVisible();
      await expect(page.getByLabel('First name')).toHaveValue('Keyboard');
      const compare = page.getByRole('table', { name: 'The card now and after this update' });
      await expect(compare.getByRole('row', { name: /First name/ })).toContainText(
        /Denver.*Keyboard.*Changes/,
      );
      await expect(compare.getByRole('row', { name: /Last name/ })).toContainText(
        /Store.*Only.*Changes/,
      );
      await page.getByRole('button', { name: 'Submit the update' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();
      const patches = fake.ledger.filter((effect) => effect.effect === 'card.updated');
      expect(patches.map((p) => p.body)).toEqual([{ first_name: 'Keyboard', last_name: 'Only' }]);
    });

    for (const scheme of ['light', 'dark'] as const) {
      test(`in ${scheme} mode the question and the longer edit form keep the action bar in view`, async ({
        app,
      }) => {
        const { page } = app;
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByLabel('First name').fill('Keyboard');
        await drop(page, 'photo.jpg', 'image/jpeg');
        await chooseLine(app);
        const dialog = page.getByRole('dialog', { name: `${SHOWN} already has a card` });
        await expect(dialog).toContainText('the photo photo.jpg');
        for (const [width, height] of [
          [1280, 800],
          [900, 700],
        ] as const) {
          await page.setViewportSize({ width, height });
          await app.screenshot(`37-load-card-question-${width}x${height}-${scheme}`);
        }
        await page.keyboard.press('Escape');
        await page.getByLabel('Last name').fill('Downtown');
        for (const [width, height] of [
          [1280, 800],
          [900, 700],
        ] as const) {
          await page.setViewportSize({ width, height });
          const submit = page.getByRole('button', { name: 'Submit the update' });
          const box = await submit.boundingBox();
          const statusBar = await page.getByRole('contentinfo').boundingBox();
          expect(box!.y + box!.height).toBeLessThanOrEqual(statusBar!.y);
          // What the button sends is said beside it.
          await expect(page.locator('.form-actions')).toContainText(
            '“Denver” → “Keyboard” · Last name: “Store” → “Downtown” · Photo: a new one',
          );
          await app.screenshot(`38-edit-card-${width}x${height}-${scheme}`);
        }
      });
    }

    test('with nothing typed, choosing it loads the card without a question', async ({ app }) => {
      const { page } = app;
      await chooseLine(app);
      await expect(page.getByRole('heading', { name: `Edit card for ${SHOWN}` })).toBeVisible();
      await expect(page.getByLabel('First name')).toHaveValue('Denver');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await expect(
        page.getByTestId('iphone-preview').locator('.ios-avatar-initials').first(),
      ).toHaveText('DS');
    });
  });
});
