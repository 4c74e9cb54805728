// Setting up and updating a card, end to end: the form, the outbox in main sending to the fake
// Linq API, the live result, the 409 -> update decision, and errors shown plainly.
import { expect, test } from './fixtures.ts';
import { connectAccount, fillCard, openNewCard } from './support.ts';

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
