// At start-up the saved API address may be one the user never approved: the database is a
// plain file, and whoever can write it can change the address. The services send nothing there
// (every Linq call fails with API_ADDRESS_NOT_APPROVED and the outbox pauses); this asks the
// user, in main's own dialog, whether to approve it or go back to Linq's address. No Electron
// imports, for unit tests; index.ts shows the dialog.
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';
import type { AddressQuestion } from './api-address-confirmation.ts';

export interface SavedAddressDeps {
  /** The saved address when it needs an approval the keychain does not hold (services). */
  unapproved(): Promise<string | null>;
  /** Shows the question; true means "send the key there". A dialog that fails means no. */
  confirm(question: AddressQuestion): Promise<boolean>;
  /** Records the approval in the keychain (services.apiAddress.approve). */
  approve(url: string): Promise<void>;
  /** Saves Linq's own address (through the services, so the window hears of it). */
  useLinq(): Promise<void>;
}

/**
 * What came of it: nothing to ask; approved; back on Linq's address; or held (no answer could
 * be had or kept: nothing is sent, and the app says why until the user acts in Settings).
 */
export type SavedAddressOutcome = 'nothing-to-ask' | 'approved' | 'linq' | 'held';

export function savedAddressQuestion(url: string): AddressQuestion {
  const { host } = new URL(url);
  return {
    url,
    message: `Send your Linq API key to ${host}?`,
    detail:
      `The app's saved API address is\n${url}\n\nIt is not Linq's address ` +
      `(${LINQ_PRODUCTION_BASE_URL}) and it was not approved on this computer: it may have been ` +
      'changed outside the app. Nothing has been sent there. Choose "Send my key there" only if ' +
      'Linq or your IT team gave you this address; otherwise the app goes back to Linq’s address.',
  };
}

export async function confirmSavedApiAddress(deps: SavedAddressDeps): Promise<SavedAddressOutcome> {
  let url: string | null;
  try {
    url = await deps.unapproved();
  } catch {
    // The keychain cannot be read now: every request says so already, and asks nothing.
    return 'held';
  }
  if (url === null) return 'nothing-to-ask';
  const question = savedAddressQuestion(url);
  const yes = await Promise.resolve()
    .then(() => deps.confirm(question))
    .catch(() => null);
  try {
    if (yes === true) {
      await deps.approve(url);
      return 'approved';
    }
    if (yes === false) {
      await deps.useLinq();
      return 'linq';
    }
  } catch {
    // Neither could be kept: stay held rather than guess.
  }
  return 'held';
}
