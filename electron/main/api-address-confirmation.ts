// The API key goes to whatever API address is set, with every request. The page can set it
// (Settings), so a page that runs code it should not (a bug that lets content in) could point
// the app at its own server and have the key checked there. Main therefore asks the user itself,
// in a native dialog the page cannot see, answer or draw over, before an address that needs an
// approval (services/api-address-approval.ts: not Linq's; in a release build this computer's
// too) is saved, and records the yes in the keychain, where the services look for it before any
// request. Only the Electron app asks: the headless host has no page of its own. No Electron
// imports, for unit tests; index.ts shows the dialog.
import type { Result } from '../../shared/contract.ts';
import { appError } from '../../shared/errors.schema.ts';
import { LINQ_PRODUCTION_BASE_URL } from '../../shared/rules.ts';
import { SettingsPatchSchema } from '../../shared/settings.schema.ts';
import { AppFailure } from '../services/failure.ts';
import type { Dispatch } from '../services/dispatch.ts';
import type { ApiAddressControl } from '../services/index.ts';

/** The text of the dialog that asks. */
export interface AddressQuestion {
  /** The address the key would go to, as it would be saved. */
  url: string;
  message: string;
  detail: string;
}

/**
 * The address an updateSettings payload would save, when the policy says saving it needs the
 * user's word (`needsApproval`); whether the keychain already holds that word is the caller's
 * question. Null otherwise, including for payloads the dispatcher will refuse anyway.
 */
export function addressToConfirm(
  payload: unknown,
  needsApproval: (url: string) => boolean,
): string | null {
  // The whole patch as the dispatcher will check it: a patch it refuses (an unknown field, a
  // bad country) saves nothing, so there is nothing to ask about. A patch has two fields at
  // most; anything bigger is left to the dispatcher's bounded checks.
  if (typeof payload !== 'object' || payload === null || Object.keys(payload).length > 2) {
    return null;
  }
  const patch = SettingsPatchSchema.safeParse(payload);
  if (!patch.success || patch.data.apiBaseUrl === undefined) return null;
  const url = patch.data.apiBaseUrl;
  return needsApproval(url) ? url : null;
}

export function addressQuestion(url: string): AddressQuestion {
  const { host } = new URL(url);
  return {
    url,
    message: `Send your Linq API key to ${host}?`,
    detail:
      `From now on the app will send your Linq API key with every request to\n${url}\n\n` +
      `This is not Linq's address (${LINQ_PRODUCTION_BASE_URL}). Continue only if Linq or ` +
      'your IT team gave you this address. If you did not change it yourself just now, choose ' +
      'Cancel.',
  };
}

export const NOT_RECORDED_MESSAGE =
  'The new API address was not saved: your approval could not be kept in the system keychain.';

export const NOT_CONFIRMED_MESSAGE =
  'The new API address was not saved: it was not confirmed. The app still uses the address it had.';

/** The part of the services' address approvals that saving an address needs. */
export type AddressApprovals = Pick<ApiAddressControl, 'needsApproval' | 'isApproved' | 'approve'>;

function notSaved(message: string, detail: string): Result<unknown> {
  return { ok: false, error: appError('INVALID_INPUT', { message, detail }) };
}

/**
 * Wraps the dispatcher so that an updateSettings that would send the key to an address not yet
 * approved waits for `confirm`, and is refused (INVALID_INPUT, nothing saved) unless it says
 * yes; a yes is recorded in the keychain before the address is saved.
 */
export function confirmingNewApiAddress(
  dispatch: Dispatch,
  confirm: (question: AddressQuestion) => Promise<boolean>,
  approvals: AddressApprovals,
): Dispatch {
  return async (name, payload) => {
    if (name !== 'updateSettings') return dispatch(name, payload);
    const url = addressToConfirm(payload, approvals.needsApproval);
    if (url !== null) {
      // A keychain that cannot be read counts as "not approved": the user is asked.
      const approved = await approvals.isApproved(url).catch(() => false);
      if (!approved) {
        // No dialog (it failed to show) means no change.
        const confirmed = await Promise.resolve()
          .then(() => confirm(addressQuestion(url)))
          .catch(() => false);
        if (!confirmed) return notSaved(NOT_CONFIRMED_MESSAGE, 'API address not confirmed');
        try {
          await approvals.approve(url);
        } catch (error) {
          // Without the approval in the keychain the address would be refused at every request.
          const reason =
            error instanceof AppFailure ? error.appError.message : 'the keychain failed';
          return notSaved(`${NOT_RECORDED_MESSAGE} ${reason}`, 'API address approval not stored');
        }
      }
    }
    return dispatch(name, payload);
  };
}
