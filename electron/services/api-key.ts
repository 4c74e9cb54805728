// The API key's status as the renderer may see it: whether one is stored, its last four
// characters, and whether Linq accepted it. The key itself only ever goes from the keychain
// to the Linq client; nothing here returns it across IPC.
//
// The key for Linq calls (require) is kept in main's memory for a few seconds: reading the
// keychain is a D-Bus round trip (serialised with every other keychain call), and the outbox
// needs the key for every request, hundreds a minute while it drains. The copy lives only in
// this closure (never in a file, the database, the log or an event), and it is dropped the
// moment the key is set or removed (before the keychain is touched, and again after),
// whenever Linq refuses it, and whenever a read of the keychain fails or finds no key: a
// replaced or removed key is never used again, and a refused one only as the keychain still
// holds it (the outbox pauses on it; the lines and history keep asking, and say it is
// refused). It is also read again once it is KEY_CACHE_MS old, so a keychain locked (or a key
// changed) outside the app is noticed as before, within seconds.
import { createHash } from 'node:crypto';
import type { AppError } from '../../shared/errors.schema.ts';
import type { KeyStatus } from '../../shared/contract.ts';
import { AppFailure } from './failure.ts';
import { appErrorFields } from './log/app-error-fields.ts';
import type { Log } from './log/logger.ts';
import type { SecretStore } from './secrets.ts';
import { storedValue, type Database } from './store.ts';

export interface ApiKeyService {
  status(): Promise<KeyStatus>;
  set(key: string): Promise<KeyStatus>;
  /**
   * Checks a new key with `check` BEFORE it replaces the stored one, so a key Linq refuses
   * never displaces a working key (see replace() below for what "cannot be checked" does).
   */
  replace(key: string, check: (key: string) => Promise<unknown>): Promise<KeyStatus>;
  /** Checks the key with `check`; offline or Linq trouble leaves it saved but unverified. */
  verify(check: (key: string) => Promise<unknown>): Promise<KeyStatus>;
  remove(): Promise<KeyStatus>;
  /**
   * The key for a Linq call; KEY_MISSING when none is stored. From memory when it was read
   * less than KEY_CACHE_MS ago and has not been set, removed or rejected since (see above).
   */
  require(): Promise<string>;
  /** Records that Linq just refused the key (a 401 on a real call). */
  markRejected(key: string, error: AppError): Promise<KeyStatus>;
}

interface Verification {
  /** Which key this verdict is about: a truncated hash, so a replaced key starts unverified. */
  fingerprint: string;
  verification: KeyStatus['verification'];
  checkedAt: string | null;
  checkError: AppError | null;
}

/** How long require() may answer with the key it read last, without asking the keychain. */
export const KEY_CACHE_MS = 10_000;

function fingerprintOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function createApiKeyService(
  secrets: SecretStore,
  db: Database,
  now: () => Date,
  // Outcomes only: the key itself never (its last four, which the UI shows too, at most).
  log: Log,
  /** The clock of the in-memory copy's lifetime (tests move it). */
  monotonicMs: () => number = () => performance.now(),
): ApiKeyService {
  const stored = storedValue(db, 'keyVerification');

  /** The key last read from the keychain, and when; null: read the keychain next time. */
  let cached: { key: string; readAtMs: number } | null = null;
  /** Bumped by every invalidation: a read that started before one must not fill the cache. */
  let generation = 0;

  function forget(): void {
    cached = null;
    generation++;
  }

  /**
   * Reads the keychain, and keeps what it found for require(): a key, or nothing (no key, or
   * the keychain failed), unless the key was set, removed or rejected while it was being read.
   */
  async function readKeychain(): Promise<string | null> {
    const started = generation;
    const readAtMs = monotonicMs();
    let key: string | null;
    try {
      key = await secrets.getKey();
    } catch (error) {
      forget();
      throw error;
    }
    if (key === null) forget();
    else if (generation === started) cached = { key, readAtMs };
    return key;
  }

  function storedVerification(): Verification | null {
    return (stored.read() as Verification | undefined) ?? null;
  }

  function record(key: string, verdict: Omit<Verification, 'fingerprint'>): void {
    stored.write({ fingerprint: fingerprintOf(key), ...verdict });
  }

  function statusOf(key: string | null): KeyStatus {
    if (key === null) {
      return {
        present: false,
        last4: null,
        verification: 'unverified',
        checkedAt: null,
        checkError: null,
      };
    }
    const stored = storedVerification();
    const current = stored?.fingerprint === fingerprintOf(key) ? stored : null;
    return {
      present: true,
      last4: key.length >= 8 ? key.slice(-4) : null,
      verification: current?.verification ?? 'unverified',
      checkedAt: current?.checkedAt ?? null,
      checkError: current?.checkError ?? null,
    };
  }

  /**
   * A check takes seconds; the user may replace or remove the key meanwhile. The verdict is
   * about the key that was checked, so it is kept only if that key is still the stored one,
   * and the answer is always the status of what is stored now.
   */
  async function recordIfStillStored(
    checked: string,
    verdict: Omit<Verification, 'fingerprint'>,
  ): Promise<KeyStatus> {
    const current = await readKeychain();
    if (current !== null && fingerprintOf(current) === fingerprintOf(checked))
      record(current, verdict);
    return statusOf(current);
  }

  /** Puts the key in the keychain with its verdict; the old key's copy in memory is dropped. */
  async function store(
    key: string,
    verdict: Omit<Verification, 'fingerprint'>,
  ): Promise<KeyStatus> {
    forget();
    try {
      await secrets.setKey(key);
    } finally {
      forget(); // a read that overlapped the write may have kept the old key
    }
    record(key, verdict);
    const status = statusOf(key);
    log.info('API key stored', { last4: status.last4 });
    return status;
  }

  // Changes to the stored key (set, replace, remove) run one at a time, each deciding from the
  // keychain as the one before left it: two saves overlapping could otherwise store a new key
  // that could not be checked over one Linq had just accepted, and a removal during a check
  // would be undone by it.
  let changing: Promise<unknown> = Promise.resolve();
  function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
    const run = changing.then(change, change);
    changing = run.catch(() => undefined);
    return run;
  }

  return {
    async status() {
      return statusOf(await readKeychain());
    },

    set: (key) =>
      oneAtATime(() =>
        store(key, { verification: 'unverified', checkedAt: null, checkError: null }),
      ),

    replace: (candidate, check) =>
      oneAtATime(async () => {
        // The keychain first: one that cannot be read says so before the key goes anywhere.
        const current = await readKeychain();
        const checkedAt = now().toISOString();
        let verdict: Omit<Verification, 'fingerprint'>;
        try {
          await check(candidate);
          verdict = { verification: 'verified', checkedAt, checkError: null };
        } catch (error) {
          if (!(error instanceof AppFailure)) throw error;
          // A 401: Linq refuses this key. Nothing is stored; whatever key there was stays.
          if (error.appError.code === 'KEY_REJECTED') {
            log.info('A new API key was refused by Linq; the stored key was kept');
            throw error;
          }
          // Offline, an outage, a missing permission: the new key could not be judged. A key
          // that may work is not swapped for one that may not: with a stored key, keep it and
          // say why; with none (or one Linq refused), keep the new one, saved but not verified.
          if (current !== null && statusOf(current).verification !== 'rejected') {
            log.info('A new API key could not be checked with Linq; the stored key was kept', {
              ...appErrorFields(error.appError),
            });
            throw error;
          }
          verdict = { verification: 'unverified', checkedAt, checkError: error.appError };
        }
        log.info('API key checked with Linq', {
          newKey: true,
          verification: verdict.verification,
          ...appErrorFields(verdict.checkError),
        });
        return store(candidate, verdict);
      }),

    async verify(check) {
      const key = await readKeychain();
      if (key === null) throw AppFailure.of('KEY_MISSING');
      const checkedAt = now().toISOString();
      let verdict: Omit<Verification, 'fingerprint'>;
      try {
        await check(key);
        verdict = { verification: 'verified', checkedAt, checkError: null };
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error;
        // Only a 401 says the key is bad. Offline, a Linq outage or a missing permission says
        // nothing about whether it authenticates: keep the earlier verdict, show the problem.
        const rejected = error.appError.code === 'KEY_REJECTED';
        verdict = {
          verification: rejected ? 'rejected' : statusOf(key).verification,
          checkedAt,
          // Linq's own words, with any quoted key already taken out by the Linq client.
          checkError: error.appError,
        };
      }
      const status = await recordIfStillStored(key, verdict);
      log.info('API key checked with Linq', {
        verification: verdict.verification,
        ...appErrorFields(verdict.checkError),
      });
      return status;
    },

    remove: () =>
      oneAtATime(async () => {
        forget();
        try {
          await secrets.deleteKey();
        } finally {
          forget();
        }
        stored.clear();
        log.info('API key removed');
        return statusOf(null);
      }),

    async require() {
      if (cached && monotonicMs() - cached.readAtMs < KEY_CACHE_MS) return cached.key;
      const key = await readKeychain();
      if (key === null) throw AppFailure.of('KEY_MISSING');
      return key;
    },

    markRejected(key, error) {
      forget(); // whatever is stored now is read from the keychain before it is used again
      log.warn('Linq refused the API key', appErrorFields(error));
      return recordIfStillStored(key, {
        verification: 'rejected',
        checkedAt: now().toISOString(),
        checkError: error,
      });
    },
  };
}
