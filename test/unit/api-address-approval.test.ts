// Which API addresses get the key without the user's approval, and how an approval is kept:
// the decision module the services check before every Linq call.
import { describe, expect, it } from 'vitest';
import {
  createApiAddressApprovals,
  needsApproval,
} from '../../electron/services/api-address-approval.ts';
import { AppFailure } from '../../electron/services/failure.ts';
import type { SecretStore } from '../../electron/services/secrets.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';

const RELEASE = { loopbackTrusted: false };
const TEST_BUILD = { loopbackTrusted: true };
const LOOPBACK_SPELLINGS = [
  'http://127.0.0.1:4010',
  'http://localhost:4010/api',
  'http://0x7f000001:4010',
  'http://2130706433:4010',
  'http://127.0.0.2',
  'http://[::1]:4010',
];

describe('needsApproval', () => {
  it('never for Linq’s own API, always for any other host (look-alikes included)', () => {
    for (const trust of [RELEASE, TEST_BUILD]) {
      expect(needsApproval(LINQ_PRODUCTION_BASE_URL, trust)).toBe(false);
      expect(needsApproval('https://api.linqapp.com/api/partner/v4', trust)).toBe(false);
      for (const url of [
        'https://api.linqapp.com.attacker.example/api/partner',
        'https://api.linqapp.com:8443/api/partner',
        'https://linqapp.com/api/partner',
        'https://proxy.corp/linq',
      ]) {
        expect(needsApproval(url, trust), url).toBe(true);
      }
    }
  });

  it('for this computer in a release build, in every spelling; not in a test build', () => {
    for (const url of LOOPBACK_SPELLINGS) {
      expect(needsApproval(url, RELEASE), url).toBe(true);
      expect(needsApproval(url, TEST_BUILD), url).toBe(false);
    }
  });

  it('not for the address the host was started with (never read from the database)', () => {
    const configuredUrl = 'http://127.0.0.1:4010';
    expect(needsApproval(configuredUrl, { ...RELEASE, configuredUrl })).toBe(false);
    expect(needsApproval('http://127.0.0.1:4011', { ...RELEASE, configuredUrl })).toBe(true);
  });
});

function memoryStore(initial: string | null = null) {
  const store = {
    value: initial,
    reads: 0,
    failure: null as AppFailure | null,
    async getKey() {
      store.reads += 1;
      if (store.failure) throw store.failure;
      return store.value;
    },
    async setKey(value: string) {
      store.value = value;
    },
    async deleteKey() {
      store.value = null;
    },
  };
  return store satisfies SecretStore;
}

describe('createApiAddressApprovals', () => {
  const ADDRESS = 'https://proxy.corp/linq';

  it('refuses an address without an approval, with a code the outbox pauses on', async () => {
    const approvals = createApiAddressApprovals(memoryStore(), RELEASE);
    await expect(approvals.require(ADDRESS)).rejects.toMatchObject({
      appError: { code: 'API_ADDRESS_NOT_APPROVED', action: 'open-key-settings' },
    });
    // An approval of another address does not count.
    const other = createApiAddressApprovals(memoryStore('https://other.corp/linq'), RELEASE);
    await expect(other.isApproved(ADDRESS)).resolves.toBe(false);
  });

  it('accepts an approved address, read from the keychain once and then remembered', async () => {
    const store = memoryStore();
    const approvals = createApiAddressApprovals(store, RELEASE);
    await approvals.approve(ADDRESS);
    expect(store.value).toBe(ADDRESS);
    await approvals.require(ADDRESS);
    await approvals.require(ADDRESS);
    expect(store.reads).toBe(0);
    // A new process finds it in the keychain.
    const later = createApiAddressApprovals(store, RELEASE);
    await later.require(ADDRESS);
    await later.require(ADDRESS);
    expect(store.reads).toBe(1);
  });

  it('does not let a keychain read that began before an approval undo it', async () => {
    const store = memoryStore();
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const read = store.getKey.bind(store);
    // The first read (the outbox probe at start-up, say) answers only after the user's yes.
    let first = true;
    store.getKey = async () => {
      const value = await read();
      if (first) {
        first = false;
        await slow;
      }
      return value;
    };
    const approvals = createApiAddressApprovals(store, RELEASE);
    const probe = approvals.isApproved(ADDRESS);
    await approvals.approve(ADDRESS);
    release();
    // The probe read "not approved" before the yes; it must not leave that behind.
    expect(await probe).toBe(true);
    await expect(approvals.require(ADDRESS)).resolves.toBeUndefined();
  });

  it('never reads the keychain for an address that needs no approval', async () => {
    const store = memoryStore();
    store.failure = AppFailure.of('KEYCHAIN_LOCKED');
    const approvals = createApiAddressApprovals(store, RELEASE);
    await approvals.require(LINQ_PRODUCTION_BASE_URL);
    expect(store.reads).toBe(0);
    // A keychain that cannot be read is its own problem, not a yes.
    await expect(approvals.require(ADDRESS)).rejects.toMatchObject({
      appError: { code: 'KEYCHAIN_LOCKED' },
    });
  });
});
