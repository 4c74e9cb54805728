// A new API address is where the key goes with every request: main asks the user before the
// page can save one that needs an approval (not Linq's; in a release build this computer's too),
// saves nothing unless the answer is yes, and keeps the yes where the services look for it.
// Checked with the real dispatcher, settings service and approvals on a real database (the
// keychain entry is an in-memory stand-in here; the integration test uses the real one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyStatus } from '../../shared/contract.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';
import {
  createApiAddressApprovals,
  needsApproval,
  type ApiAddressTrust,
} from '../../electron/services/api-address-approval.ts';
import type { SecretStore } from '../../electron/services/secrets.ts';
import { AppFailure } from '../../electron/services/failure.ts';
import {
  NOT_CONFIRMED_MESSAGE,
  NOT_RECORDED_MESSAGE,
  addressQuestion,
  addressToConfirm,
  confirmingNewApiAddress,
  type AddressQuestion,
} from '../../electron/main/api-address-confirmation.ts';
import {
  createDispatcher,
  type Dispatch,
  type Handlers,
} from '../../electron/services/dispatch.ts';
import { createSettingsService, type SettingsService } from '../../electron/services/settings.ts';
import { openDatabase, type Database } from '../../electron/services/store.ts';

/** As a development or test build decides (the fake Linq API listens on loopback). */
const TEST_BUILD: ApiAddressTrust = { loopbackTrusted: true };
/** As a release build decides. */
const RELEASE: ApiAddressTrust = { loopbackTrusted: false };
const NO_KEY: KeyStatus = {
  present: false,
  last4: null,
  verification: 'unverified',
  checkedAt: null,
  checkError: null,
};
const testBuild = (url: string) => needsApproval(url, TEST_BUILD);

/** The keychain entry, in memory; `failing` makes every write fail as a locked keychain would. */
function memoryStore(): SecretStore & { value: string | null; failing: boolean } {
  const store = {
    value: null as string | null,
    failing: false,
    getKey: async () => store.value,
    async setKey(value: string) {
      if (store.failing) throw AppFailure.of('KEYCHAIN_LOCKED');
      store.value = value;
    },
    async deleteKey() {
      store.value = null;
    },
  };
  return store;
}

describe('addressToConfirm', () => {
  const current = testBuild;

  it('asks about an https address on another host, as it would be saved', () => {
    expect(addressToConfirm({ apiBaseUrl: 'https://attacker.example/api/' }, current)).toBe(
      'https://attacker.example/api',
    );
    // Look-alikes of Linq's host are other hosts.
    for (const url of [
      'https://api.linqapp.com.attacker.example/api/partner',
      'https://api-linqapp.com/api/partner',
      'https://api.linqapp.com:8443/api/partner',
      'https://linqapp.com/api/partner',
    ]) {
      expect(addressToConfirm({ apiBaseUrl: url }, current), url).toBe(url);
    }
  });

  it('does not ask for Linq’s own host, no address, or this computer in a test build', () => {
    expect(addressToConfirm({ apiBaseUrl: 'https://API.linqapp.com/api/partner/' }, current)).toBe(
      null,
    );
    expect(addressToConfirm({ apiBaseUrl: 'https://api.linqapp.com/v4' }, current)).toBe(null);
    for (const url of ['http://127.0.0.1:4010', 'http://localhost:9/x', 'https://[::1]:8443']) {
      expect(addressToConfirm({ apiBaseUrl: url }, current), url).toBe(null);
    }
    expect(addressToConfirm({ defaultCountry: 'GB' }, current)).toBe(null);
  });

  it('asks about this computer in a release build, in every spelling of loopback', () => {
    const release = (url: string) => needsApproval(url, RELEASE);
    // The URL parser folds the numeric spellings into 127.0.0.1; the address is saved as typed.
    for (const url of [
      'http://127.0.0.1:4010',
      'http://localhost:9/x',
      'http://0x7f000001:4010',
      'http://2130706433:4010',
      'http://127.1.2.3',
      'http://[::1]:4010',
      'https://localhost',
    ]) {
      expect(addressToConfirm({ apiBaseUrl: url }, release), url).toBe(url);
      expect(testBuild(url), url).toBe(false);
    }
    expect(addressToConfirm({ apiBaseUrl: LINQ_PRODUCTION_BASE_URL }, release)).toBe(null);
  });

  it('leaves payloads the dispatcher refuses to the dispatcher', () => {
    for (const payload of [
      null,
      'https://attacker.example',
      ['https://attacker.example'],
      { apiBaseUrl: 42 },
      { apiBaseUrl: 'http://attacker.example' }, // plain http off this computer: invalid
      { apiBaseUrl: 'ftp://attacker.example' },
      { apiBaseUrl: `https://attacker.example/${'a'.repeat(5000)}` },
      { apiBaseUrl: 'https://attacker.example', extra: true }, // refused as a whole
      { apiBaseUrl: 'https://attacker.example', defaultCountry: 'XX' },
      JSON.parse('{"__proto__": {"apiBaseUrl": "https://attacker.example"}}'),
    ]) {
      expect(addressToConfirm(payload, current), JSON.stringify(payload)).toBe(null);
    }
  });
});

describe('addressQuestion', () => {
  it('names the host and the full address, and says what happens to the key', () => {
    const question = addressQuestion('https://attacker.example/api');
    expect(question.message).toBe('Send your Linq API key to attacker.example?');
    expect(question.detail).toContain('https://attacker.example/api');
    expect(question.detail).toContain(LINQ_PRODUCTION_BASE_URL);
  });
});

describe('confirmingNewApiAddress, in front of the real dispatcher', () => {
  let dir: string;
  let db: Database;
  let dispatch: Dispatch;
  let asked: AddressQuestion[];
  let answer: boolean | Error;
  let keychain: ReturnType<typeof memoryStore>;
  let approvals: ReturnType<typeof createApiAddressApprovals>;
  let settings: SettingsService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'linq-api-address-'));
    db = openDatabase(dir);
    settings = createSettingsService(db, { locale: 'en-US' });
    const handlers = {
      getKeyStatus: () => NO_KEY,
      updateSettings: (patch: Parameters<typeof settings.update>[0]) => settings.update(patch),
    } as unknown as Handlers;
    asked = [];
    answer = false;
    keychain = memoryStore();
    approvals = createApiAddressApprovals(keychain, TEST_BUILD);
    dispatch = confirmingNewApiAddress(
      createDispatcher(handlers),
      async (question) => {
        asked.push(question);
        if (answer instanceof Error) throw answer;
        return answer;
      },
      approvals,
    );
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // What the services would read (main asks the settings service itself, not a request).
  const saved = async () => settings.get();

  it('saves nothing when the user cancels, and says so', async () => {
    const result = await dispatch('updateSettings', { apiBaseUrl: 'https://attacker.example' });
    expect(asked.map((q) => q.url)).toEqual(['https://attacker.example']);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: NOT_CONFIRMED_MESSAGE },
    });
    expect((await saved()).apiBaseUrl).toBe(LINQ_PRODUCTION_BASE_URL);
  });

  it('saves nothing when the dialog cannot be shown', async () => {
    answer = new Error('no window');
    const result = await dispatch('updateSettings', { apiBaseUrl: 'https://attacker.example' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await saved()).apiBaseUrl).toBe(LINQ_PRODUCTION_BASE_URL);
  });

  it('keeps nothing when the keychain cannot record the approval, and says so', async () => {
    answer = true;
    keychain.failing = true;
    const result = await dispatch('updateSettings', { apiBaseUrl: 'https://proxy.corp/linq' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!result.ok && result.error.message).toContain(NOT_RECORDED_MESSAGE);
    expect((await saved()).apiBaseUrl).toBe(LINQ_PRODUCTION_BASE_URL);
    expect(keychain.value).toBe(null);
  });

  it('saves the address once the user confirms it, keeps the yes in the keychain, and does not ask again', async () => {
    answer = true;
    const result = await dispatch('updateSettings', { apiBaseUrl: 'https://proxy.corp/linq/' });
    expect(result).toMatchObject({ ok: true, value: { apiBaseUrl: 'https://proxy.corp/linq' } });
    expect(asked).toHaveLength(1);
    expect(keychain.value).toBe('https://proxy.corp/linq');
    await expect(approvals.require('https://proxy.corp/linq')).resolves.toBeUndefined();
    answer = false;
    expect(
      await dispatch('updateSettings', {
        apiBaseUrl: 'https://proxy.corp/linq',
        defaultCountry: 'GB',
      }),
    ).toMatchObject({ ok: true, value: { defaultCountry: 'GB' } });
    expect(asked).toHaveLength(1);
  });

  it('does not ask for Linq’s address, this computer, other settings or other requests', async () => {
    const confirm = vi.fn();
    const plain = confirmingNewApiAddress(dispatch, confirm, approvals);
    for (const patch of [
      { apiBaseUrl: 'http://127.0.0.1:4010' },
      { apiBaseUrl: LINQ_PRODUCTION_BASE_URL },
      { defaultCountry: 'FR' },
    ]) {
      expect(await plain('updateSettings', patch), JSON.stringify(patch)).toMatchObject({
        ok: true,
      });
    }
    expect(await plain('getKeyStatus', undefined)).toMatchObject({ ok: true, value: NO_KEY });
    expect(confirm).not.toHaveBeenCalled();
    expect(asked).toEqual([]);
  });
});
