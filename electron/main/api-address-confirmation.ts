// The API key goes to whatever API address is set, with every request. The page can set it
// (Settings), so a page that runs code it should not (a bug that lets content in) could point
// the app at its own server and have the key checked there. Main therefore asks the user itself,
// in a native dialog the page cannot see, answer or draw over, before an address that is neither
// Linq's nor on this computer is saved. Only the Electron app asks: the headless host has no
// page of its own. No Electron imports, for unit tests; index.ts shows the dialog.
import type { Result } from '../../shared/contract.ts';
import { appError } from '../../shared/errors.ts';
import { LINQ_PRODUCTION_BASE_URL, isLoopbackHost } from '../../shared/rules.ts';
import { SettingsPatchSchema } from '../../shared/settings.ts';
import type { Dispatch } from '../services/dispatch.ts';

const LINQ_HOST = new URL(LINQ_PRODUCTION_BASE_URL).host;

/** The text of the dialog that asks. */
export interface AddressQuestion {
  /** The address the key would go to, as it would be saved. */
  url: string;
  message: string;
  detail: string;
}

/**
 * The address an updateSettings payload would save, when saving it needs the user's word: a
 * valid address that differs from the current one and is neither on Linq's own host (over
 * https) nor on this computer. Null otherwise, including for payloads the dispatcher will
 * refuse anyway.
 */
export function addressToConfirm(payload: unknown, currentUrl: string | null): string | null {
  // The whole patch as the dispatcher will check it: a patch it refuses (an unknown field, a
  // bad country) saves nothing, so there is nothing to ask about. A patch has two fields at
  // most; anything bigger is left to the dispatcher's bounded checks.
  if (typeof payload !== 'object' || payload === null || Object.keys(payload).length > 2) {
    return null;
  }
  const patch = SettingsPatchSchema.safeParse(payload);
  if (!patch.success || patch.data.apiBaseUrl === undefined) return null;
  const url = patch.data.apiBaseUrl;
  if (url === currentUrl) return null;
  const { protocol, host, hostname } = new URL(url);
  if (protocol === 'https:' && host === LINQ_HOST) return null;
  if (isLoopbackHost(hostname)) return null;
  return url;
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

export const NOT_CONFIRMED_MESSAGE =
  'The new API address was not saved: it was not confirmed. The app still uses the address it had.';

/**
 * Wraps the dispatcher so that an updateSettings that would send the key somewhere new waits
 * for `confirm`, and is refused (INVALID_INPUT, nothing saved) unless it says yes.
 */
export function confirmingNewApiAddress(
  dispatch: Dispatch,
  confirm: (question: AddressQuestion) => Promise<boolean>,
): Dispatch {
  return async (name, payload) => {
    if (name !== 'updateSettings') return dispatch(name, payload);
    const current = (await dispatch('getSettings', undefined)) as Result<{ apiBaseUrl: string }>;
    const url = addressToConfirm(payload, current.ok ? current.value.apiBaseUrl : null);
    if (url !== null) {
      // No dialog (it failed to show) means no change.
      const confirmed = await Promise.resolve()
        .then(() => confirm(addressQuestion(url)))
        .catch(() => false);
      if (!confirmed) {
        return {
          ok: false,
          error: appError('INVALID_INPUT', {
            message: NOT_CONFIRMED_MESSAGE,
            detail: 'API address not confirmed',
          }),
        };
      }
    }
    return dispatch(name, payload);
  };
}
