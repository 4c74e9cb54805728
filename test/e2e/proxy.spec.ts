// The app behind a company proxy, end to end: the key check, a card with a photo and an update
// of an existing card all go through the proxy, and a proxy that goes down is shown for what
// it is (not as "offline"), the card waiting until it is back, then sent once.
// In the Electron app the proxy is set on main's session (session.setProxy, as the OS settings
// would be), and the services' requests go through Chromium's network stack (net.fetch); in
// the browser host the services run in Node and take it from HTTPS_PROXY / HTTP_PROXY. The
// proxy is on loopback and forwards to loopback only.
import {
  proxyVariables,
  startLoopbackProxy,
  type LoopbackProxy,
} from '../support/loopback-proxy.ts';
import { fullFlowMissing, requestLine } from '../support/counting-fetch.ts';
import { test as base, expect, type AppUnderTest } from './fixtures.ts';
import { connectAccount, drop, fillCard, openNewCard } from './support.ts';

const test = base.extend<{ companyProxy: LoopbackProxy }>({
  // Not `proxy`: that is Playwright's own option, for the browser's proxy.
  // eslint-disable-next-line no-empty-pattern -- Playwright's way to say "needs no fixture"
  companyProxy: async ({}, use) => {
    const proxy = await startLoopbackProxy();
    await use(proxy);
    await proxy.close();
  },
});

test.use({
  fakeOptions: { downloadUrlOrigin: 'https://cdn.fake-linq.invalid' },
  // The browser host's Node reads the standard variables; nothing exempts loopback.
  mainEnv: async ({ companyProxy: proxy }, use, testInfo) => {
    await use(testInfo.project.name === 'browser' ? proxyVariables(proxy.url) : {});
  },
});

/**
 * In Electron: main's session uses the proxy for http and https. Chromium never proxies
 * loopback unless told to (<-loopback>), and the fake Linq is on 127.0.0.1.
 */
test.beforeEach(async ({ app, companyProxy: proxy }) => {
  const server = `127.0.0.1:${proxy.port}`;
  await app.setMainProxy?.({
    proxyRules: `http=${server};https=${server}`,
    proxyBypassRules: '<-loopback>',
  });
});

/** Through the proxy: a tunnel in Node (even for http://), a forwarded request in Chromium. */
const expectedVia = (app: AppUnderTest) => (app.kind === 'electron' ? 'forward' : 'tunnel');

test('the key check, a card with a photo and an update all go through the proxy', async ({
  app,
  companyProxy: proxy,
}) => {
  const { page, fake } = app;
  fake.seedCard({ phone_number: '+14155550133', first_name: 'Acme', is_active: true });
  await connectAccount(app);
  await openNewCard(app);
  await fillCard(app, { firstName: 'Acme', lastName: 'Support', phone: '4155550132' });
  await drop(page, 'photo.jpg', 'image/jpeg');
  await expect(page.getByRole('img', { name: /Photo framing: photo\.jpg/ })).toBeVisible();
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Card is active' })).toBeVisible();

  await fillCard(app, { firstName: 'Acme', lastName: 'Sales', phone: '(415) 555-0133' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  // The decision opens only from the user's own Review, never by itself.
  await page.getByRole('button', { name: 'Review the card for +1 415 555 0133' }).click();
  await page
    .getByRole('dialog', { name: /already has a contact card/ })
    .getByRole('button', { name: 'Update the existing card' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'Card updated' })).toBeVisible();

  expect(fake.ledger.map((entry) => entry.effect)).toEqual([
    'attachment.created',
    'attachment.uploaded',
    'card.created',
    'card.updated',
  ]);
  // Every request Linq received came through the proxy, and nothing else did.
  await expect
    .poll(() => proxy.passed.map((entry) => requestLine(entry)).sort())
    .toEqual(fake.requests.map(requestLine).sort());
  expect(proxy.passed.every((entry) => entry.via === expectedVia(app))).toBe(true);
  expect(fullFlowMissing(fake.requests.map(requestLine))).toEqual([]);
});

test('a proxy that goes down is named as the reason, and the card is sent once it is back', async ({
  app,
  companyProxy: proxy,
}) => {
  const { page, fake } = app;
  fake.addPhoneNumber('+13035550101'); // one of the account's lines: no question asked
  await connectAccount(app);
  await openNewCard(app);
  await proxy.goDown();
  await fillCard(app, { firstName: 'Denver', lastName: 'Store', phone: '(303) 555-0101' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByLabel('First name')).toHaveValue(''); // saved at once

  const statusBar = page.getByRole('contentinfo', { name: 'Connection and outbox' });
  await expect(statusBar).toContainText(
    'Linq cannot be reached — the network’s proxy refused the connection',
  );
  await expect(statusBar).toContainText('1 waiting');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /Outbox/ })
    .click();
  const waiting = page.getByRole('table', { name: 'Submissions not sent yet, oldest first' });
  const row = waiting.getByRole('row').filter({ hasText: 'Denver' });
  await expect(row).toContainText(
    'Your network’s proxy refused the connection: the app could not connect to the proxy. Nothing was sent to Linq. Ask your IT team',
  );
  await app.screenshot('proxy-down-outbox');
  // The smallest window the app allows, in dark mode: the reason still fits beside the counts.
  await page.setViewportSize({ width: 900, height: 700 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(statusBar.getByRole('button', { name: 'Try now' })).toBeVisible();
  await app.screenshot('proxy-down-outbox-900-dark');
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.emulateMedia({ colorScheme: 'light' });
  expect(fake.ledger).toHaveLength(0);

  await proxy.goUp(); // no click: the reachability probe keeps trying
  const finished = page.getByRole('table', { name: 'Recently finished submissions, newest first' });
  await expect(finished.getByRole('row').filter({ hasText: 'Denver' })).toContainText('Sent', {
    timeout: 15_000,
  });
  await expect(statusBar).toContainText('Online');
  expect(fake.ledger.filter((entry) => entry.effect === 'card.created')).toHaveLength(1);
});
