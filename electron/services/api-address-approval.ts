// Which API addresses the key may be sent to. The address lives in the SQLite file, which
// anyone who can write the user's files can change; the key lives in the keychain, which on
// macOS only this app can read without a prompt. So an address that is not Linq's is trusted
// only once the user approved it, and that approval is kept in the keychain beside the key
// (a second entry under the same service): editing the database cannot forge it. Every Linq
// call asks here first (connection.ts), so nothing the app sends by itself at start-up
// (the probe, the lines, the history sync, the outbox) carries the key to an address the user
// did not approve; those calls fail with API_ADDRESS_NOT_APPROVED and the outbox pauses.
import { LINQ_PRODUCTION_BASE_URL, isLoopbackHost } from '../../shared/rules.ts';
import { AppFailure } from './failure.ts';
import type { SecretStore } from './secrets.ts';

/** The keychain account (under the app's service name) that holds the approved address. */
export const APPROVED_ADDRESS_ACCOUNT = 'approved-api-address';

const LINQ_HOST = new URL(LINQ_PRODUCTION_BASE_URL).host;

export interface ApiAddressTrust {
  /**
   * Whether an address on this computer (127.0.0.0/8, localhost, [::1], in any spelling the URL
   * parser folds into these) is trusted without asking. Not in a release build: on a shared
   * machine a local listener can be another user's program. Development and test builds trust
   * it, because that is where the fake Linq API and the test proxies listen.
   */
  loopbackTrusted: boolean;
  /**
   * The address the host itself starts with (Linq's; in development and test builds the one
   * from LINQ_API_BASE_URL): chosen by whoever launched the app, not read from the database.
   */
  configuredUrl?: string | undefined;
}

/** Linq's own API: https on api.linqapp.com (default port), whatever the path. */
export function isLinqAddress(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' && parsed.host === LINQ_HOST;
}

/** Whether sending the key to `url` needs the user's approval first (the policy alone). */
export function needsApproval(url: string, trust: ApiAddressTrust): boolean {
  if (trust.configuredUrl !== undefined && url === trust.configuredUrl) return false;
  if (isLinqAddress(url)) return false;
  if (trust.loopbackTrusted && isLoopbackHost(new URL(url).hostname)) return false;
  return true;
}

export interface ApiAddressApprovals {
  /** The policy alone: whether `url` needs an approval at all. */
  needsApproval(url: string): boolean;
  /** Whether the key may go to `url` now: no approval needed, or the keychain holds one. */
  isApproved(url: string): Promise<boolean>;
  /** Throws API_ADDRESS_NOT_APPROVED (nothing sent) unless isApproved(url). */
  require(url: string): Promise<void>;
  /** Records the user's yes to `url` in the keychain (replacing any earlier approval). */
  approve(url: string): Promise<void>;
}

export function createApiAddressApprovals(
  store: SecretStore,
  trust: ApiAddressTrust,
): ApiAddressApprovals {
  // The last answer, so that a drain of hundreds of requests to an approved address does not
  // read the keychain for each; replaced by approve(), and read again for any other address.
  let known: { url: string; approved: boolean } | null = null;
  // Bumped by approve(): a keychain read that began before an approval must not cache its
  // older answer over it (a slow read at start-up would otherwise undo the user's yes).
  let generation = 0;

  async function isApproved(url: string): Promise<boolean> {
    if (!needsApproval(url, trust)) return true;
    if (known?.url === url) return known.approved;
    const startedAt = generation;
    const approved = (await store.getKey()) === url;
    if (startedAt !== generation) return isApproved(url);
    known = { url, approved };
    return approved;
  }

  return {
    needsApproval: (url) => needsApproval(url, trust),
    isApproved,
    async require(url) {
      if (await isApproved(url)) return;
      throw AppFailure.of('API_ADDRESS_NOT_APPROVED', {
        detail: `API address not approved on this computer: ${new URL(url).host}`,
      });
    },
    async approve(url) {
      generation += 1;
      known = null;
      await store.setKey(url);
      generation += 1;
      known = { url, approved: true };
    },
  };
}
