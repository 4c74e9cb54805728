// The catalogue itself: every app error code with its plain-language message and suggested
// next step. Free of zod so the preload's bridge can build an error without loading it; the
// schemas that validate these values live in errors.ts.
import type { AppError, AppErrorCode, ErrorAction } from './errors.schema.ts';
import {
  MAX_PHOTO_PIXELS,
  MAX_PHOTO_SIDE,
  MAX_STORED_PHOTO_BYTES,
  PHOTO_STORE_QUOTA_BYTES,
} from './photo.ts';

/**
 * Linq gave no answer because of the network in between (not because of the key, the card or
 * Linq itself): a key cannot be judged by such a failure, and a card waits it out. Told apart
 * because each has its own remedy.
 */
export const CONNECTION_FAILURE_CODES = [
  'NETWORK_UNREACHABLE',
  'TIMEOUT',
  'CONNECTION_RESET',
  'TLS_UNTRUSTED',
  'PROXY_REFUSED',
  'PROXY_AUTH_REQUIRED',
] as const;

export const APP_ERROR_CODES = [
  'KEY_MISSING',
  'KEY_REJECTED',
  'PERMISSION_DENIED',
  'NUMBER_NOT_ALLOWED',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_NO_SESSION_BUS',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_LOAD_FAILED',
  'KEYCHAIN_FAILED',
  'API_ADDRESS_NOT_APPROVED',
  'INVALID_INPUT',
  'INVALID_PHONE',
  'CARD_EXISTS',
  'CARD_NOT_FOUND',
  'RATE_LIMITED',
  'SETUP_INCOMPLETE',
  'LINE_WRITE_LIMITED',
  'CARD_NOT_ACTIVE',
  'SERVER_ERROR',
  ...CONNECTION_FAILURE_CODES,
  'MALFORMED_RESPONSE',
  'LINQ_ERROR',
  'FORBIDDEN_SENDER',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
  // Local images named by a bulk import (checkImportImages).
  'IMAGE_PATH_NOT_ABSOLUTE',
  'IMAGE_NOT_IN_FOLDER',
  'IMAGE_UNREADABLE',
  'IMAGE_NOT_SUPPORTED',
  'IMAGE_TOO_MANY_PIXELS',
  'IMAGE_DAMAGED',
  // The bounds main keeps on what the window can make it store.
  'PHOTO_STORE_FULL',
  'IMPORT_LIMIT',
] as const;

export const ERROR_ACTIONS = ['open-key-settings', 'update-instead', 'retry', 'fix-input'] as const;

/** Where staff machines must be let through to: the host of Linq's API. */
const LINQ_HOST = 'api.linqapp.com';

/** A proxy's refusal, with why (“it answered HTTP 403 when asked to connect to Linq”). */
export function proxyRefusedMessage(reason: string): string {
  return `Your network’s proxy refused the connection: ${reason}. Nothing was sent to Linq. Ask your IT team to let this computer reach ${LINQ_HOST} through the proxy, or to check this computer’s proxy settings, then try again.`;
}

interface CatalogueEntry {
  message: string;
  action?: ErrorAction;
}

/** Plain-language message and suggested next step for each app error code. */
export const ERROR_CATALOGUE: Record<AppErrorCode, CatalogueEntry> = {
  KEY_MISSING: {
    message: 'No Linq API key is set yet. Add your key under API key to continue.',
    action: 'open-key-settings',
  },
  KEY_REJECTED: {
    message:
      'Linq did not accept the API key. Check the key under API key, or ask your Linq admin for a new one.',
    action: 'open-key-settings',
  },
  PERMISSION_DENIED: {
    message:
      'This API key is not allowed to do that. Ask your Linq admin to grant contact-card access, or use another key.',
    action: 'open-key-settings',
  },
  NUMBER_NOT_ALLOWED: {
    message:
      'Linq does not let this API key manage this phone number. Check that the number is one of your company’s Linq lines.',
    action: 'fix-input',
  },
  KEYCHAIN_UNAVAILABLE: {
    message:
      'The system keychain is not available, so the API key cannot be stored or read. On Linux, install and start a Secret Service such as GNOME Keyring, then try again.',
  },
  // Linux only: the keychain (a Secret Service) is reached over the desktop session's D-Bus,
  // and an app started outside a desktop session (SSH, a bare terminal, a service) has none.
  // Told apart from KEYCHAIN_UNAVAILABLE because the remedy differs: a keyring cannot help
  // until the app runs inside a session.
  KEYCHAIN_NO_SESSION_BUS: {
    message:
      'The app cannot reach the system keychain because it is not running in a desktop session (there is no D-Bus session bus). Quit it and start it again from your desktop, not over SSH or from a terminal outside the session.',
  },
  KEYCHAIN_LOCKED: {
    message:
      'The system keychain is locked. Unlock it (for example by logging in again or opening your keyring app), then try again.',
  },
  KEYCHAIN_LOAD_FAILED: {
    message:
      'The keychain module could not be loaded, so the API key cannot be stored. Reinstall the app; on Linux make sure libsecret is installed.',
  },
  KEYCHAIN_FAILED: {
    message:
      'The system keychain reported an error. Try again; if it keeps happening, restart the keyring service.',
  },
  // The saved API address is not Linq's and the keychain holds no approval of it (it may have
  // been changed in the data folder, outside the app): the key is not sent there.
  API_ADDRESS_NOT_APPROVED: {
    message:
      'Nothing was sent: the saved API address is not Linq’s and has not been approved on this computer (it may have been changed outside the app). Restart the app to be asked whether to approve it, or set Linq’s address under Settings.',
    action: 'open-key-settings',
  },
  INVALID_INPUT: {
    message: 'Some of the information is not valid. Check the highlighted fields.',
    action: 'fix-input',
  },
  INVALID_PHONE: {
    message:
      'Linq says the phone number is not in international format. Check the number and try again.',
    action: 'fix-input',
  },
  CARD_EXISTS: {
    message: 'This number already has a contact card. You can update the existing card instead.',
    action: 'update-instead',
  },
  CARD_NOT_FOUND: {
    message: 'Linq has no contact card for this number yet. Set one up first.',
    action: 'fix-input',
  },
  RATE_LIMITED: {
    message: 'Linq is receiving too many requests right now. Wait a moment, then try again.',
    action: 'retry',
  },
  SETUP_INCOMPLETE: {
    message:
      'Linq could not finish applying the card to the phone line. Try again — this usually works on a second attempt.',
    action: 'retry',
  },
  // 503/4004 on a card write: Linq says repeated attempts extend the hold, so the app waits.
  LINE_WRITE_LIMITED: {
    message:
      'Linq is holding back changes to this phone line for a while because it was changed too often, so nothing was changed. The app sends it again once the hold is over; sending sooner would only make the hold longer.',
    action: 'retry',
  },
  CARD_NOT_ACTIVE: {
    message:
      'Linq stored the card but has not made it active on the phone line yet. The app checks again later and applies it again if it is still not active.',
    action: 'retry',
  },
  SERVER_ERROR: {
    message: 'Linq had a problem on its side. Try again in a few minutes.',
    action: 'retry',
  },
  NETWORK_UNREACHABLE: {
    message: 'Could not reach Linq. Check your internet connection, then try again.',
    action: 'retry',
  },
  TIMEOUT: {
    message:
      'Linq took too long to answer. Try again; if it keeps happening, check your connection.',
    action: 'retry',
  },
  CONNECTION_RESET: {
    message: `The connection to Linq was cut off before Linq answered. If this keeps happening, a firewall or proxy on your network may be closing connections to ${LINQ_HOST}: tell your IT team.`,
    action: 'retry',
  },
  // Chromium checks certificates against the operating system's store, where a company's root
  // certificate for its TLS-inspecting gateway belongs.
  TLS_UNTRUSTED: {
    message: `The connection to Linq was stopped because it could not be verified as secure, so nothing was sent. Company networks that inspect encrypted traffic put their own certificate in front of Linq’s: ask your IT team to install your company’s root certificate in this computer’s certificate store (the app trusts what the operating system trusts). Check too that this computer’s date and time are right, then try again.`,
    action: 'retry',
  },
  PROXY_REFUSED: {
    message: proxyRefusedMessage('it would not connect the app to Linq'),
    action: 'retry',
  },
  // The app has no proxy sign-in of its own: Chromium signs in to a proxy with the computer's
  // own account (NTLM, Kerberos) where the proxy allows it; a proxy wanting a password fails.
  PROXY_AUTH_REQUIRED: {
    message: `Your network’s proxy asks for a sign-in the app cannot give it, so nothing was sent to Linq. Ask your IT team to let this computer reach ${LINQ_HOST} through the proxy without a separate sign-in (for example with your computer’s own Windows or Kerberos sign-in), then try again.`,
    action: 'retry',
  },
  MALFORMED_RESPONSE: {
    message:
      'Linq sent an answer the app could not understand. Try again; if it persists, contact support.',
    action: 'retry',
  },
  LINQ_ERROR: {
    message: 'Linq reported an error.',
  },
  FORBIDDEN_SENDER: {
    message: 'This request did not come from the app itself and was refused.',
  },
  PAYLOAD_TOO_LARGE: {
    message: 'The request was too large and was refused.',
    action: 'fix-input',
  },
  INTERNAL: {
    message:
      'Something went wrong inside the app. Try again; if it keeps happening, restart the app.',
    action: 'retry',
  },
  // Local images named by a bulk import: each row's image path is checked on this computer.
  IMAGE_PATH_NOT_ABSOLUTE: {
    message:
      'The image path must be a full path, from the drive or the top folder (for example C:\\Photos\\logo.jpg or /Users/ann/Photos/logo.jpg).',
    action: 'fix-input',
  },
  // Only folders chosen in the app's own dialog are read (image-folders.ts); nothing more is
  // said of a path outside them, so the answers cannot be used to explore the disk.
  IMAGE_NOT_IN_FOLDER: {
    message:
      'This image is not in the chosen folder. Choose the folder that holds the images, or put the image in the spreadsheet’s folder and choose the spreadsheet again.',
    action: 'fix-input',
  },
  // Missing, a folder, a device, too big, not allowed: one sentence for all (no errno, no size).
  IMAGE_UNREADABLE: {
    message: `The image file could not be read: give the path of an image file of at most ${MAX_STORED_PHOTO_BYTES / (1024 * 1024)} MB that your account can open.`,
    action: 'fix-input',
  },
  IMAGE_NOT_SUPPORTED: {
    message:
      'This file is not an image Linq accepts. Use a JPEG, PNG, GIF, HEIC, HEIF, TIFF or BMP image.',
    action: 'fix-input',
  },
  IMAGE_TOO_MANY_PIXELS: {
    message: `This image has more than ${MAX_PHOTO_PIXELS / 1_000_000} million pixels or a side longer than ${MAX_PHOTO_SIDE.toLocaleString('en-US')} pixels, too many to use safely. Use a smaller photo.`,
    action: 'fix-input',
  },
  IMAGE_DAMAGED: {
    message:
      'This image file is damaged or cut off and cannot be used. Save or copy the image again.',
    action: 'fix-input',
  },
  PHOTO_STORE_FULL: {
    message: `There is no room for more photos: the app keeps at most ${PHOTO_STORE_QUOTA_BYTES / 1024 ** 3} GB of them on this computer. Photos no card uses are cleared two days after they were added; until then, send the cards with photos you have already chosen, or use smaller photos (the card form shrinks a photo for you).`,
    action: 'retry',
  },
  IMPORT_LIMIT: {
    message: 'Too many cards are waiting to be sent to import more now.',
    action: 'retry',
  },
};

/** Builds a catalogue error, optionally overriding the message or adding details. */
export function appError(
  code: AppErrorCode,
  extra: Partial<Omit<AppError, 'code'>> = {},
): AppError {
  const entry = ERROR_CATALOGUE[code];
  const error: AppError = { code, message: entry.message, ...extra };
  if (entry.action && !error.action) error.action = entry.action;
  return error;
}
