// The Linq API key lives in the OS keychain (keytar) and nowhere else: no fallback file, and
// this store keeps no copy between calls (the one copy in memory is api-key.ts's, kept for a
// few seconds and dropped whenever the key changes). Every keychain problem becomes an
// AppFailure with a KEYCHAIN_* code, so the UI can tell "no key yet" apart from "the keychain
// is locked" or "there is no keychain", and error details never carry the key.
import { createRequire } from 'node:module';
import type { AppErrorCode } from '../../shared/errors.schema.ts';
import { AppFailure } from './failure.ts';
import { MIN_SECRET_LENGTH } from './log/redact.ts';
import { SCRUBBED, scrubSecretText } from './secret-scrub.ts';

export interface SecretStore {
  /** The stored key, or null when none is stored. Throws AppFailure (KEYCHAIN_*) on keychain trouble — including a LOCKED keyring, which must never be reported as "no key". */
  getKey(): Promise<string | null>;
  /** Throws AppFailure KEYCHAIN_* on keychain trouble, INVALID_INPUT for a key the keychain would not store faithfully. */
  setKey(key: string): Promise<void>;
  /** No error when nothing was stored; KEYCHAIN_LOCKED when the key cannot be removed because the keyring is locked. */
  deleteKey(): Promise<void>;
}

export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeychainSecretStoreOptions {
  /** Keychain service name, e.g. the app id (tests use a unique one each). */
  service: string;
  /** Keychain account name; 'api-key' by default. */
  account?: string;
  /** Loads keytar; tests inject failures or wrappers here. */
  loadKeytar?: () => Promise<KeytarLike>;
}

const DEFAULT_ACCOUNT = 'api-key';
const PROBE_VALUE = 'lock-probe';
const MAX_DETAIL_LENGTH = 300;

// libsecret (keytar's backend on Linux and the BSDs) answers a lookup in a locked collection
// with "nothing found" instead of an error. macOS raises its own unlock prompt and reports a
// refusal as an error, and Windows' credential store has no lock, so only here does a null
// need a second look.
const NULL_MAY_MEAN_LOCKED = process.platform !== 'darwin' && process.platform !== 'win32';

// On Linux keytar reaches the keychain (a Secret Service) through libsecret over the desktop
// session's D-Bus, so "no keychain" comes in two kinds with different remedies: no session bus
// at all (the app runs outside a desktop session: SSH, a bare terminal, a service), or a bus
// on which nothing provides org.freedesktop.secrets (no keyring installed, or it failed to
// start). The texts are GLib/GIO's and dbus-daemon's; GLib's follow the app's locale, so on a
// translated desktop some fall through to KEYCHAIN_FAILED (still with the text in `detail`).
const REACHED_OVER_DBUS = process.platform !== 'darwin' && process.platform !== 'win32';
const NO_SECRET_SERVICE_PATTERNS = [
  // dbus-daemon: nothing owns the name and no .service file can start it.
  /was not provided by any \.service files/i,
  /ServiceUnknown|name is not activatable/i,
  // dbus-daemon: a Secret Service is installed but exited or could not be spawned.
  /StartServiceByName|Spawn\.[A-Z]/,
];
const NO_SESSION_BUS_PATTERNS = [
  // No DBUS_SESSION_BUS_ADDRESS and no X11 display for GLib to autolaunch a bus on.
  /autolaunch/i,
  /dbus-launch/i,
  // GLib's address parser: empty, malformed or unsupported DBUS_SESSION_BUS_ADDRESS.
  /\baddress\b/i,
  // The address leads nowhere (a stale socket, a bus that has gone).
  /Could not connect|Failed to connect to socket|connection is closed/i,
  /authentication mechanisms/i,
  /message bus/i,
];
// gnome-keyring sends "Cannot create an item in a locked collection" untranslated (with the
// D-Bus error org.freedesktop.Secret.Error.IsLocked); other Secret Services say "locked" too.
const LOCKED_PATTERN = /locked|unlock/i;

export function createKeychainSecretStore(options: KeychainSecretStoreOptions): SecretStore {
  const service = options.service;
  const account = options.account ?? DEFAULT_ACCOUNT;
  if (!service || !account) throw new Error('A keychain service and account name are required');
  // Derived from the real account so it can never collide with it.
  const probeAccount = `${account}.lock-probe`;
  const load = options.loadKeytar ?? loadKeytarModule;
  let keytar: Promise<KeytarLike> | undefined;

  function keytarModule(): Promise<KeytarLike> {
    keytar ??= Promise.resolve()
      .then(load)
      .then(checkShape)
      .catch((error: unknown) => {
        // Forgotten so the next call tries again (e.g. after libsecret has been installed).
        keytar = undefined;
        throw loadFailure(error);
      });
    return keytar;
  }

  /**
   * Answers "is the default collection locked?" for the null results libsecret gives a
   * locked keyring. It writes and removes a throwaway item: gnome-keyring refuses to create
   * an item in a locked collection with an error (after offering its unlock prompt, where a
   * desktop can show one; if the user unlocks there, the probe simply succeeds), and a write
   * is the very thing setKey needs, so this checks exactly the condition that matters. Only
   * the default collection is probed, which is where setKey stores the key.
   *
   * Cheaper alternatives were weighed: reading the collection's `Locked` D-Bus property is
   * read-only and exact, but needs a D-Bus client (another native dependency) or a CLI such
   * as gdbus/busctl that may not be installed; keytar exposes nothing else, and its
   * findCredentials can crash the process on a locked keyring. The probe runs only when no
   * key was found (first start, after removal), so its ~20 ms are rarely paid.
   */
  async function throwIfLocked(k: KeytarLike): Promise<void> {
    try {
      await k.setPassword(service, probeAccount, PROBE_VALUE);
    } catch (error) {
      throw keychainFailure(error);
    }
    try {
      await k.deletePassword(service, probeAccount);
    } catch {
      // The write already answered the question; a leftover probe item holds no secret.
    }
  }

  return {
    getKey: () =>
      serialised(async () => {
        const k = await keytarModule();
        try {
          const key = await k.getPassword(service, account);
          if (key !== null || !NULL_MAY_MEAN_LOCKED) return key;
          await throwIfLocked(k);
          // Read again now that the collection is known to be unlocked: the user may have
          // unlocked it (e.g. through the keyring's own prompt) since the first read.
          return await k.getPassword(service, account);
        } catch (error) {
          throw keychainFailure(error);
        }
      }),

    setKey: (key: string) =>
      serialised(async () => {
        checkStorable(key);
        const k = await keytarModule();
        try {
          await k.setPassword(service, account, key);
        } catch (error) {
          throw keychainFailure(error, key);
        }
      }),

    deleteKey: () =>
      serialised(async () => {
        const k = await keytarModule();
        try {
          const removed = await k.deletePassword(service, account);
          if (removed || !NULL_MAY_MEAN_LOCKED) return;
          // libsecret skips items in a locked collection and reports "nothing deleted":
          // a locked keyring must not pass for a removed key.
          await throwIfLocked(k);
          await k.deletePassword(service, account);
        } catch (error) {
          throw keychainFailure(error);
        }
      }),
  };
}

// One keychain operation at a time, across all stores: getKey's read-then-probe must not
// interleave with a replace or a removal, and libsecret is a process-wide resource anyway.
let queue: Promise<unknown> = Promise.resolve();

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  queue = result.catch(() => undefined);
  return result;
}

// createRequire rather than import(): keytar is a CommonJS native module, and require gives
// its exports as-is in plain Node ESM, under vitest and in electron-vite's main bundle,
// where the bundler leaves this call alone so keytar stays in node_modules.
function loadKeytarModule(): Promise<KeytarLike> {
  return Promise.resolve().then(() => createRequire(import.meta.url)('keytar') as KeytarLike);
}

function checkShape(candidate: KeytarLike): KeytarLike {
  const methods = ['getPassword', 'setPassword', 'deletePassword'] as const;
  if (!candidate || methods.some((name) => typeof candidate[name] !== 'function')) {
    throw new Error('the keytar module has an unexpected shape');
  }
  return candidate;
}

function checkStorable(key: string): void {
  // libsecret stores a C string: an empty key is refused by keytar, a NUL would cut the key
  // short and a lone surrogate would come back as U+FFFD, so the key read back would differ.
  let problem: string | undefined;
  if (typeof key !== 'string' || key.length === 0) problem = 'The API key is empty.';
  else if (key.includes('\0')) problem = 'The API key contains a NUL character.';
  else if (/\p{Surrogate}/u.test(key)) problem = 'The API key contains an invalid character.';
  if (problem) throw AppFailure.of('INVALID_INPUT', { detail: problem });
}

function loadFailure(error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  const message = messageOf(error);
  let hint = 'The native keytar module could not be loaded';
  if (/libsecret|cannot open shared object file/i.test(message)) {
    hint = 'libsecret is missing: install it (for example `apt install libsecret-1-0`)';
  } else if (/Cannot find module|MODULE_NOT_FOUND/i.test(message)) {
    hint = 'The keytar module is not installed';
  } else if (/NODE_MODULE_VERSION|different Node\.js version|invalid ELF header/i.test(message)) {
    hint = 'keytar was built for another platform or runtime: rebuild it';
  }
  const detail = `${hint} (${scrub(message.split('\n')[0] ?? '', [])})`;
  return AppFailure.of('KEYCHAIN_LOAD_FAILED', { detail }, sanitisedCause(error, []));
}

/** Maps a keytar error to a KEYCHAIN_* failure whose detail and cause cannot contain `key`. */
function keychainFailure(error: unknown, key?: string): AppFailure {
  if (error instanceof AppFailure) return error;
  const secrets = key ? [key] : [];
  const message = messageOf(error);
  const code = classifyKeychainMessage(message);
  return AppFailure.of(code, { detail: scrub(message, secrets) }, sanitisedCause(error, secrets));
}

/** Which keychain problem a keytar error message describes. */
function classifyKeychainMessage(message: string): AppErrorCode {
  if (REACHED_OVER_DBUS) {
    // The Secret Service patterns first: they are the more specific, and a message such as
    // "Error calling StartServiceByName …" comes from a bus that works.
    if (NO_SECRET_SERVICE_PATTERNS.some((pattern) => pattern.test(message))) {
      return 'KEYCHAIN_UNAVAILABLE';
    }
    if (NO_SESSION_BUS_PATTERNS.some((pattern) => pattern.test(message))) {
      return 'KEYCHAIN_NO_SESSION_BUS';
    }
  }
  return LOCKED_PATTERN.test(message) ? 'KEYCHAIN_LOCKED' : 'KEYCHAIN_FAILED';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every piece (8+ characters) of the key, or the whole of a key too short to have pieces. */
function withoutKey(text: string, key: string): string {
  return key.length >= MIN_SECRET_LENGTH
    ? scrubSecretText(text, key)
    : text.split(key).join(SCRUBBED);
}

function scrub(text: string, secrets: readonly string[]): string {
  let clean = text;
  // Redact before trimming (and any piece of a key, not only the whole), so a cut can never
  // leave part of a key behind.
  for (const secret of secrets) clean = withoutKey(clean, secret);
  // eslint-disable-next-line no-control-regex
  clean = clean.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > MAX_DETAIL_LENGTH ? `${clean.slice(0, MAX_DETAIL_LENGTH - 1)}…` : clean;
}

// The original error stays useful in logs (name, stack), but is rebuilt from scrubbed text so
// that logging a failure with its cause cannot print the key.
function sanitisedCause(error: unknown, secrets: readonly string[]): Error {
  const cause = new Error(scrub(messageOf(error), secrets));
  if (error instanceof Error) {
    cause.name = error.name;
    let stack = error.stack ?? '';
    for (const secret of secrets) stack = withoutKey(stack, secret);
    cause.stack = stack;
  }
  return cause;
}
