// Messages between the headless host (a child Node process running the services) and the
// process that drives it (the browser test host, a benchmark, a script), over Node's IPC channel.
import type { Result } from '../../shared/contract.ts';

export type ToHost =
  | { type: 'invoke'; id: number; name: string; payload: unknown }
  /** Not a contract request (the window has none): the driver's own look at the outbox. */
  | { type: 'outboxSnapshot'; id: number }
  /** Not a contract request either: a key stored without a check with Linq (see Services). */
  | { type: 'storeKeyUnchecked'; id: number; key: string };

export type FromHost =
  | { type: 'ready'; pid: number }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: string; payload: unknown };

/** Environment variables that configure a headless host. */
export const HOST_ENV = {
  dataDir: 'LINQ_DATA_DIR',
  apiBaseUrl: 'LINQ_API_BASE_URL',
  keychainService: 'LINQ_KEYCHAIN_SERVICE',
  locale: 'LINQ_LOCALE',
  requestTimeoutMs: 'LINQ_REQUEST_TIMEOUT_MS',
  /** How long stopping waits for requests under way (tests shorten it). */
  closeWaitMs: 'LINQ_CLOSE_WAIT_MS',
  /** "base,cap" in milliseconds: the outbox's retry backoff (tests shorten it). */
  outboxBackoffMs: 'LINQ_OUTBOX_BACKOFF_MS',
  /** "first,max" in milliseconds: reachability probe delays. */
  probeDelaysMs: 'LINQ_PROBE_DELAYS_MS',
  outboxConcurrency: 'LINQ_OUTBOX_CONCURRENCY',
  /** "limit,windowMs": Linq's write budget per number (3 per 10 minutes; tests shorten it). */
  writeBudget: 'LINQ_WRITE_BUDGET',
  /** "checkAfterMs,maxTries": following up cards Linq left not active (tests shorten it). */
  notActive: 'LINQ_NOT_ACTIVE',
  /** Exports are saved here (there is no save dialog without Electron). */
  exportDir: 'LINQ_EXPORT_DIR',
  /**
   * Main's open dialog (a spreadsheet to import, a folder of images) answers with the path
   * written in this file, read anew each time it opens; no file or an empty one is a cancel.
   */
  openDialogAnswer: 'LINQ_OPEN_DIALOG_ANSWER_FILE',
  /** "0" turns off the history sync on (re)connect. */
  syncOnConnect: 'LINQ_SYNC_ON_CONNECT',
  /** "0": an API address on this computer needs an approval, as in a release build. */
  trustLoopbackApiAddress: 'LINQ_TRUST_LOOPBACK_API_ADDRESS',
  /**
   * A file holding how many milliseconds the services' clock runs ahead of the real one (may
   * be negative), read at each start: a test makes a schedule, then restarts "later".
   */
  clockOffsetFile: 'LINQ_CLOCK_OFFSET_FILE',
} as const;
