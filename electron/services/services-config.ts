// What a host gives createServices (index.ts): Electron's main, the headless host, tests and
// benchmarks each fill it in their own way.
import type { NotActivePolicy } from './outbox/sender.ts';
import type { WriteBudget } from './outbox/write-budget.ts';
import type { BackoffOptions } from './outbox/send-policy.ts';
import type { FetchLike } from './net/fetch.ts';
import type { SecretStore } from './secrets.ts';
import type { ChooseImportSource } from './import/import-source.ts';

export interface ServicesConfig {
  /** Where the database, the photo store and (unless logDir says otherwise) the logs live. */
  dataDir: string;
  /** Initial API base URL when the user has not chosen one (defaults to Linq production). */
  apiBaseUrl?: string;
  /** Keychain service name under which the key is stored. */
  keychainService: string;
  /** OS locale, for the default country. */
  locale?: string;
  /** The app's version, shown to the user and in error reports. */
  version: string;
  clock?: () => Date;
  /** Per-attempt Linq timeout. */
  requestTimeoutMs?: number;
  /**
   * How long close() waits for requests under way (default CLOSE_WAIT_MS; tests shorten it).
   * An outbox request still out then is in doubt at the next start, and read back.
   */
  closeWaitMs?: number;
  /** Replaces the OS keychain; only for tests of keychain failures. */
  secretStore?: SecretStore;
  /**
   * Whether an API address on this computer (loopback) may get the key without the user's
   * approval (api-address-approval.ts). Default false, as in a release build; development and
   * test builds (the headless host, the fake Linq API) say true. `apiBaseUrl` is trusted as
   * given either way: the host chose it, not the database.
   */
  trustLoopbackApiAddress?: boolean;
  /** Replaces the keychain entry that holds the approved API address; only for tests. */
  approvalStore?: SecretStore;
  /** Called with unexpected exceptions (bugs), which never cross to the renderer. */
  reportBug?: (error: unknown) => void;
  /** Requests the outbox may have in flight at once, across numbers (default 4). */
  outboxConcurrency?: number;
  /** Retry delays of the outbox (tests shorten them). */
  outboxBackoff?: BackoffOptions;
  /** Reachability probe delays while Linq is unreachable (tests shorten them). */
  probeDelays?: { firstMs: number; maxMs: number };
  /** Linq's contact-card write budget per number (default: 3 per 10 minutes). */
  writeBudget?: WriteBudget;
  /**
   * How long a late schedule waits once a window has shown its notice, so the user can still
   * cancel it (default 30 s; tests use 0).
   */
  lateNoticeMs?: number;
  /** Follow-up of cards Linq stored but did not make active. */
  notActive?: NotActivePolicy;
  /**
   * Read the history's cards and the account's lines from Linq whenever Linq becomes
   * reachable, and the lines again when a key is set (default true). Tests that compare
   * request sequences switch it off; a key check still keeps the lines it reads.
   */
  syncOnConnect?: boolean;
  /** Where to save an export: Electron asks with a save dialog; null means cancelled. */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
  /**
   * Main's own open dialog, for a spreadsheet to import or the folder of its images (null:
   * cancelled, and the default without one). Import images are read only from folders chosen
   * here, never from a folder the window names.
   */
  chooseImportSource?: ChooseImportSource;
  /** The most bytes the photo store holds (default PHOTO_STORE_QUOTA_BYTES; tests lower it). */
  photoQuotaBytes?: number;
  /** Folder of the rotating, redacted log files (default `<dataDir>/logs`). */
  logDir?: string;
  /**
   * Every request to Linq and its file store goes through this. Required, so that no host can
   * fall back to Node's fetch by leaving it out: Electron's main passes Chromium's net.fetch
   * (the OS proxy and certificate settings), the headless host a proxy-aware Node fetch, tests
   * and benchmarks `globalFetch` (net/fetch.ts) or a counting wrapper.
   */
  fetch: FetchLike;
}
