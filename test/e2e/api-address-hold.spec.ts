// The API address is kept in the SQLite file, which anyone who can write the user's files can
// change. Changed there to an address the user never approved (here the fake Linq API under
// another spelling, with the services judging loopback as a release build does), the app sends
// nothing to it, now or after a restart, and the status bar says why sending is paused.
import { openDatabase, storedValue } from '../../electron/services/store.ts';
import { expect, test } from './fixtures.ts';
import { connectAccount, fillCard, openNewCard } from './support.ts';

test.use({ mainEnv: { LINQ_TRUST_LOOPBACK_API_ADDRESS: '0' } });

test('a saved API address nobody approved gets no key: sending pauses and says why', async ({
  app,
}, testInfo) => {
  // The Electron host reads no such variable and asks in a native dialog instead.
  test.skip(testInfo.project.name === 'electron', 'the browser host runs the services headless');
  const { page, fake } = app;
  await connectAccount(app);

  // 0x7f000001 is 127.0.0.1: the same listener, but not the address the app was started with.
  const elsewhere = fake.baseUrl.replace('127.0.0.1', '0x7f000001');
  const db = openDatabase(app.dataDir);
  storedValue(db, 'preferences').write({ apiBaseUrl: elsewhere });
  db.close();
  await app.restartMain();
  const before = fake.requests.length;

  await openNewCard(app);
  await fillCard(app, { firstName: 'Denver', phone: '(415) 555-0132' });
  await page.getByRole('button', { name: 'Set up card' }).click();
  await expect(page.getByLabel('First name')).toHaveValue('');
  const statusBar = page.getByRole('contentinfo', { name: 'Connection and outbox' });
  await expect(statusBar).toContainText(
    'Sending paused: the saved API address has not been approved on this computer.',
  );
  await expect(statusBar).toContainText('1 waiting');
  await expect(page.locator('.outcome')).toContainText(
    'Sending is paused until the API address is approved or set back to Linq’s.',
  );
  await app.screenshot('api-address-not-approved');
  expect(fake.requests.slice(before)).toEqual([]);
});
