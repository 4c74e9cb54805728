// The two things every Linq call needs: a connection (the key from the keychain, the base URL
// from settings, checked against the approved addresses) and, when Linq refuses the key,
// recording that against it. Card writes go through the outbox (outbox/), reads of the
// account's cards through the card history (card-history/).
import type { AppError } from '../../shared/errors.schema.ts';
import type { ApiAddressApprovals } from './api-address-approval.ts';
import type { ApiKeyService } from './api-key.ts';
import type { EventHub } from './events.ts';
import type { LinqConnection } from './linq-client.ts';
import type { SettingsService } from './settings.ts';

export interface ConnectionService {
  connection(): Promise<LinqConnection>;
  /** Linq refused this key: mark it rejected (unless it was replaced meanwhile) and say so. */
  keyRejected(apiKey: string, error: AppError): Promise<void>;
}

interface Dependencies {
  apiKey: ApiKeyService;
  settings: SettingsService;
  /** Every connection's address is checked here before the key is read for it. */
  approvals: ApiAddressApprovals;
  events: EventHub;
}

export function createConnectionService({
  apiKey,
  settings,
  approvals,
  events,
}: Dependencies): ConnectionService {
  async function connection(): Promise<LinqConnection> {
    // The address first: one the user has not approved gets no key at all.
    // Checked without an await when no approval is needed (Linq's address): the key is then
    // asked for at once, in the same order relative to other keychain calls as ever.
    const baseUrl = settings.get().apiBaseUrl;
    if (approvals.needsApproval(baseUrl)) await approvals.require(baseUrl);
    return { apiKey: await apiKey.require(), baseUrl };
  }

  async function keyRejected(key: string, error: AppError): Promise<void> {
    events.emit('keyStatusChanged', await apiKey.markRejected(key, error));
  }

  return { connection, keyRejected };
}
