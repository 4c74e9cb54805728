// Assembles every main-process service from one config. Electron's main calls this, and so
// does the headless host used by tests, benchmarks and scripts: nothing here imports Electron.
import { join } from 'node:path';
import { contract, type KeyStatus } from '../../shared/contract.ts';
import { appError, type AppError } from '../../shared/errors.schema.ts';
import { checkApiKey } from '../../shared/rules.ts';
import type { OutboxSnapshot } from '../../shared/outbox.schema.ts';
import {
  APPROVED_ADDRESS_ACCOUNT,
  createApiAddressApprovals,
  type ApiAddressApprovals,
} from './api-address-approval.ts';
import { createApiKeyService } from './api-key.ts';
import { createConnectionService } from './connection.ts';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch.ts';
import { createEventHub, type EventHub } from './events.ts';
import { createSecretScrubber } from './secret-scrub.ts';
import { AppFailure } from './failure.ts';
import { createCardHistoryService } from './card-history/card-history.ts';
import { createCardRecord } from './card-history/card-record.ts';
import { createLinqClient } from './linq-client.ts';
import { createKeychainSecretStore } from './secrets.ts';
import { createSettingsService } from './settings.ts';
import { openDatabase } from './store.ts';
import { createCoalescer } from './coalesce.ts';
import { createOutbox } from './outbox/outbox.ts';
import { publicItem } from './outbox/outbox-store.ts';
import { LINQ_WRITE_BUDGET } from './outbox/write-budget.ts';
import { createRolloutService, type RolloutService } from './rollouts/rollouts.ts';
import { createSubmitOne } from './rollouts/single-change.ts';
import type { OutboxItem } from '../../shared/outbox.schema.ts';
import type { RolloutItemsRequest } from '../../shared/rollout.schema.ts';
import { createPhotoReferences } from './photos/photo-references.ts';
import { createPhotoStore } from './photos/photo-store.ts';
import { createPhotoUploader } from './photos/photo-uploader.ts';
import { storePhoto, readPhoto } from './photos/photo-requests.ts';
import { isLocalApi, shownImage } from './card-images/card-image-fetch.ts';
import { createCardImages } from './card-images/card-images.ts';
import { createKnownImageUrls, createUploadedPhotoLookup } from './card-images/known-image-urls.ts';
import { meansUnreachable } from './outbox/send-policy.ts';
import { createLineService } from './lines/lines.ts';
import { createRestoreService } from './restore/restore.ts';
import { createImportService } from './import/imports.ts';
import { checkImportImages } from './import/import-images.ts';
import { createImageFolders } from './import/image-folders.ts';
import {
  chooseImageFolder,
  openImportFile,
  type ChooseImportSource,
} from './import/import-source.ts';
import { appErrorFields } from './log/app-error-fields.ts';
import { createLogger, startupFields } from './log/logger.ts';
import { redactingSecretStore } from './log/redacting-secret-store.ts';
import { settlesWithin } from './settles-within.ts';
import { createProgressThrottle } from './progress-throttle.ts';
import type { ServicesConfig } from './services-config.ts';

export type { ServicesConfig } from './services-config.ts';

/** Quitting waits this long at most for requests under way to record their outcomes. */
export const CLOSE_WAIT_MS = 10_000;
const CARDS_CHANGED_EVERY_MS = 250;

/** The API address approvals as main uses them (its confirmation dialogs). */
export interface ApiAddressControl extends Pick<
  ApiAddressApprovals,
  'needsApproval' | 'isApproved'
> {
  /** Records the user's yes to `url` in the keychain; a paused outbox sends again. */
  approve(url: string): Promise<void>;
  /** The saved API address when it needs an approval the keychain does not hold; else null. */
  unapproved(): Promise<string | null>;
}

export interface Services {
  dispatch: Dispatch;
  /** Not a request channel: only main's own dialogs approve an address, never the page. */
  apiAddress: ApiAddressControl;
  events: EventHub;
  /**
   * The outbox as it stands, for the hosts' drivers (tests, benchmarks) only: the window gets
   * it with getAppState and every outboxChanged event, and has no request for it.
   */
  outboxSnapshot(): OutboxSnapshot;
  /**
   * A page of a rollout's items, held ones included, for the hosts' drivers (the window asks
   * for the same through the listRolloutItems request).
   */
  rolloutItems(request: RolloutItemsRequest): { total: number; items: OutboxItem[] };
  /**
   * Stores `key` in the keychain WITHOUT checking it with Linq, for the hosts' drivers (tests,
   * benchmarks) only: they need a key Linq has not seen yet, or one it refuses. The window has
   * no such request: it saves with saveKey, which checks the key first. Throws AppFailure.
   */
  storeKeyUnchecked(key: string): Promise<KeyStatus>;
  /** The OS reported a network change or a wake from sleep: check Linq now. */
  networkHint(): void;
  /** The folder of the log files (the Help menu's "Open Logs Folder"). */
  readonly logsDir: string;
  /**
   * Stops (once: later calls get the same promise): starts no new Linq call, waits (at most
   * closeWaitMs) for the calls under way to record their outcomes, closes the database, and
   * logs "Stopped". `reason` (what asked: a quit, a signal) is logged with "Stopping".
   */
  close(reason?: string): Promise<void>;
}

export function createServices(config: ServicesConfig): Services {
  const now = config.clock ?? (() => new Date());
  const log = createLogger({ dir: config.logDir ?? join(config.dataDir, 'logs') });
  log.info('Started', startupFields(config.version));
  const db = openDatabase(config.dataDir, {
    // A listener that threw after a commit: the write stands, so this is a bug to log, not a
    // failure to answer (the caller would submit again a card that is already queued).
    reportCallbackError(error) {
      log.error('Unexpected error after a commit', { error });
      config.reportBug?.(error);
    },
  });
  // Every key read or stored is registered with the log, which redacts it from every line, and
  // with the scrubber every answer and event passes on its way to a window.
  const scrubber = createSecretScrubber();
  const events = createEventHub(scrubber.scrub);
  const protectSecret = {
    addSecret(secret: string) {
      log.addSecret(secret);
      scrubber.addSecret(secret);
    },
  };
  const secrets = redactingSecretStore(
    config.secretStore ?? createKeychainSecretStore({ service: config.keychainService }),
    protectSecret,
  );
  const settings = createSettingsService(db, {
    apiBaseUrl: config.apiBaseUrl,
    locale: config.locale,
  });
  const approvals = createApiAddressApprovals(
    config.approvalStore ??
      createKeychainSecretStore({
        service: config.keychainService,
        account: APPROVED_ADDRESS_ACCOUNT,
      }),
    { loopbackTrusted: config.trustLoopbackApiAddress === true, configuredUrl: config.apiBaseUrl },
  );
  const requestTimeoutMs = config.requestTimeoutMs ?? 30_000;
  const fetch = config.fetch;
  const linq = createLinqClient({ timeoutMs: requestTimeoutMs, readRetries: 2, fetch });
  const cardRecord = createCardRecord(db, now);
  const apiKey = createApiKeyService(secrets, db, now, log);
  /** Set once the database is closed (see close()). */
  let stopped = false;
  const reportBug = (error: unknown) => {
    // After "Stopped" only work the bounded wait gave up on can still run, and it fails on the
    // closed database: its outcome is read back at the next start, nothing to report.
    if (stopped) return;
    log.error('Unexpected error', { error });
    config.reportBug?.(error);
  };
  /** Requests and work the services started themselves: close() waits for all of them. */
  const underWay = new Set<Promise<unknown>>();
  function track(work: Promise<unknown>): void {
    underWay.add(work);
    void work.catch(reportBug).finally(() => underWay.delete(work));
  }
  // The key and the approved address every Linq call needs, and what a refused key does.
  const { connection, keyRejected } = createConnectionService({
    apiKey,
    settings,
    approvals,
    events,
  });
  const photos = createPhotoStore(config.dataDir, {
    quotaBytes: config.photoQuotaBytes,
    referenced: createPhotoReferences(db),
  });
  // Card photos reach the window through main, and only from addresses the app knows; a
  // photo this computer uploaded comes from its own copy.
  const uploadedPhoto = createUploadedPhotoLookup(db);
  const cardImages = createCardImages({
    fetch,
    isKnown: createKnownImageUrls(db),
    plainLoopback: () => isLocalApi(settings.get().apiBaseUrl),
    storedCopy: async (url) => {
      const sha256 = uploadedPhoto(url);
      const stored = sha256 ? await photos.read(sha256) : null;
      return stored ? shownImage(stored.bytes) : null;
    },
    timeoutMs: requestTimeoutMs,
    warn: (message) => log.warn(message),
  });
  const progress = createProgressThrottle((payload) => events.emit('photoUploadProgress', payload));
  const cardsChanged = createCoalescer(CARDS_CHANGED_EVERY_MS, () =>
    events.emit('cardsChanged', { at: now().toISOString() }),
  );
  const cardHistory = createCardHistoryService({
    db,
    record: cardRecord,
    linq,
    connection,
    now,
    chooseExportPath: config.chooseExportPath ?? (async () => null),
    listChanged: cardsChanged,
    syncChanged: (status) => events.emit('syncChanged', status),
    log,
    track,
  });
  /** Told of every outbox change published: the imports' progress follows their items. */
  const outboxWatchers: (() => void)[] = [];
  const outbox = createOutbox({
    db,
    cardRecord,
    linq,
    connection,
    keyRejected,
    now,
    requestTimeoutMs,
    concurrency: config.outboxConcurrency,
    backoff: config.outboxBackoff,
    probeDelays: config.probeDelays,
    writeBudget: config.writeBudget,
    notActive: config.notActive,
    publish: (snapshot) => {
      events.emit('outboxChanged', snapshot);
      for (const watcher of outboxWatchers) watcher();
    },
    uploadPhoto: createPhotoUploader({ db, photos, now, timeoutMs: requestTimeoutMs, fetch }),
    progress,
    reportBug,
    log,
    rollouts: () => rollouts.list(), // created below; read only once the outbox publishes
  });
  const rollouts: RolloutService = createRolloutService({
    db,
    outbox: () => outbox,
    now,
    lateLimitHours: () => settings.get().lateSendLimitHours,
    ...(config.lateNoticeMs !== undefined ? { lateNoticeMs: config.lateNoticeMs } : {}),
    budget: config.writeBudget ?? LINQ_WRITE_BUDGET,
    concurrency: config.outboxConcurrency ?? 4,
    requestTimeoutMs,
    reportBug,
    log,
  });

  /** A single change (form or restore), at once or at a chosen time: one path for both. */
  const submitOne = createSubmitOne({ outbox, rollouts });

  /** Lets the outbox learn from every Linq call whether Linq can be reached. */
  async function observing<T>(call: Promise<T>): Promise<T> {
    try {
      const value = await call;
      outbox.observed('answered');
      return value;
    } catch (error) {
      if (error instanceof AppFailure && error.delivery === 'answered') outbox.observed('answered');
      else if (error instanceof AppFailure && meansUnreachable(error.appError)) {
        outbox.observed('unreachable', error.appError);
      }
      throw error;
    }
  }

  const lines = createLineService({
    db,
    record: cardRecord,
    connection,
    fetchLines: (connection) => observing(linq.listPhoneNumbers(connection)),
    keyRejected,
    now,
    publish: (list) => events.emit('linesChanged', list),
    reportBug,
    log,
    track,
  });
  const imports = createImportService({
    db,
    outbox,
    rollouts,
    record: cardRecord,
    photos,
    probe: (url) => cardImages.probe(url),
    linesOf: (query) => cardHistory.lines(query),
    syncWithLinq: () => cardHistory.sync(),
    now,
    chooseExportPath: config.chooseExportPath ?? (async () => null),
    emit: (progress) => events.emit('importChanged', progress),
    reportBug,
    log,
  });
  outboxWatchers.push(() => imports.outboxChanged());
  const restores = createRestoreService({
    db,
    record: cardRecord,
    outbox,
    submitOne,
    readCard: async (phoneNumber) => observing(linq.getCard(await connection(), phoneNumber)),
    probe: (url) => cardImages.probe(url),
    photos,
    now,
  });
  const readsFromLinqOnConnect = config.syncOnConnect !== false;
  const imageFolders = createImageFolders();
  const chooseImportSource: ChooseImportSource = config.chooseImportSource ?? (async () => null);

  // The key check is a GET of the account's lines: the line picker keeps what it read.
  const verifyWithLinq = async (key: string) => {
    const baseUrl = settings.get().apiBaseUrl;
    await approvals.require(baseUrl); // never a key check at an address the user did not approve
    return lines.readWithKey({ apiKey: key, baseUrl });
  };

  /** Publishes the key's new status to every window, and answers the caller with it. */
  function announce(status: KeyStatus): KeyStatus {
    events.emit('keyStatusChanged', status);
    // A new or re-verified key lets a paused outbox send again.
    if (status.present && status.verification !== 'rejected') outbox.keyChanged();
    return status;
  }

  /**
   * A new key being checked (saveKey). Its check is Linq's first answer on a first start, which
   * makes Linq "reachable" and starts the reads that need the stored key, while it is not
   * stored yet: they wait for the check (and the storing) to end, instead of failing with "no
   * API key" and leaving that on screen.
   */
  let newKeyCheck: Promise<unknown> | null = null;
  function onceKeySettled(work: () => Promise<unknown>): void {
    track(newKeyCheck ? newKeyCheck.then(work, work) : work());
  }

  /**
   * A key Linq just accepted: read the account's cards again, so nothing said under a refused
   * or missing key (the history's "Sync failed: Linq did not accept the API key") outlives it.
   * The lines were read by the check itself.
   */
  function afterKeyCheck(status: KeyStatus): KeyStatus {
    if (!readsFromLinqOnConnect) return status;
    if (status.verification === 'verified' && !status.checkError) {
      track(cardHistory.sync());
    } else if (status.present && status.checkError) {
      // Stored but not checked (Linq could not be reached): the lines were not read by the
      // check, so they are tried now, leaving why they could not be read (offline) on screen
      // rather than "not known yet".
      track(lines.refresh());
    }
    return status;
  }

  /** A key stored as it is (see Services.storeKeyUnchecked), announced like any other. */
  async function storeUnchecked(key: string): Promise<KeyStatus> {
    // The same rule saveKey's input is held to: what is stored is a key the window could save.
    const checked = checkApiKey(key);
    if (!checked.ok) throw AppFailure.of('INVALID_INPUT', { detail: checked.message });
    const status = announce(await apiKey.set(checked.value));
    // Another key may be another account, with other lines.
    if (readsFromLinqOnConnect) track(lines.refresh());
    return status;
  }

  const handlers: Handlers = {
    async getAppState() {
      // A keychain problem must not stop the app from drawing: it is shown as its own state.
      let keyStatus: KeyStatus | null = null;
      let keyError: AppError | null = null;
      try {
        keyStatus = await apiKey.status();
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error;
        keyError = error.appError;
      }
      return {
        version: config.version,
        settings: settings.get(),
        keyStatus,
        keyError,
        outbox: outbox.snapshot(),
        sync: cardHistory.syncStatus(),
      };
    },
    getKeyStatus: () => apiKey.status(),
    saveKey: async ({ key }) => {
      // Checked before the keychain sees it (and never stored if Linq refuses it): redacted
      // from the logs and every answer from now on, like every key the keychain hands out.
      protectSecret.addSecret(key);
      const saving = apiKey.replace(key, verifyWithLinq);
      newKeyCheck = saving;
      try {
        return afterKeyCheck(announce(await saving));
      } finally {
        if (newKeyCheck === saving) newKeyCheck = null;
      }
    },
    verifyKey: async () => afterKeyCheck(announce(await apiKey.verify(verifyWithLinq))),
    removeKey: async () => announce(await apiKey.remove()),
    updateSettings: (patch) => {
      const before = settings.get().apiBaseUrl;
      const next = settings.update(patch);
      events.emit('settingsChanged', next);
      // An outbox paused on an unapproved address may send again to the new one.
      if (next.apiBaseUrl !== before) outbox.keyChanged();
      return next;
    },
    setupCard: (submission) =>
      publicItem(submitOne({ action: 'setup', ...submission }, submission.schedule)),
    updateCard: (submission) =>
      publicItem(submitOne({ action: 'update', ...submission }, submission.schedule)),
    listCards: (request) => cardHistory.list(request),
    getCardHistory: ({ phoneNumber }) => cardHistory.history(phoneNumber),
    syncCards: () => cardHistory.sync(),
    planRestore: (request) => restores.plan(request),
    restoreVersion: (request) => restores.restore(request),
    exportCards: (query) => cardHistory.exportCsv(query),
    storePhoto: (photo) => storePhoto(photos, photo),
    readPhoto: ({ sha256 }) => readPhoto(photos, sha256),
    readCardImage: ({ url }) => cardImages.read(url),
    retryOutboxItem: ({ id }) => outbox.retry(id),
    cancelOutboxItem: ({ id }) => outbox.cancel(id),
    decideOutboxItem: (input) => outbox.decide(input),
    checkConnection: () => outbox.checkConnection(),
    listLines: () => lines.list(),
    refreshLines: () => lines.refresh(),
    lookupCards: ({ phoneNumbers }) => ({ cards: imports.lookupCards(phoneNumbers) }),
    openImportFile: () => openImportFile(chooseImportSource, imageFolders),
    chooseImageFolder: () => chooseImageFolder(chooseImportSource, imageFolders),
    checkImportImages: async ({ grant, paths }) => ({
      results: await checkImportImages(photos, imageFolders.folderOf(grant), paths),
    }),
    importCards: (request) => imports.importCards(request),
    getImport: (input) =>
      'id' in input ? imports.get(input.id) : imports.byRequest(input.requestId),
    listImportRows: (request) => imports.rows(request),
    exportImportSummary: ({ id }) => imports.exportSummary(id),
    decideRollout: (decision) => rollouts.decide(decision),
    rolloutNoticeShown: ({ id }) => rollouts.noticeShown(id),
    listRolloutItems: (request) => rollouts.items(request),
    planUndoImport: ({ importId }) => imports.planUndo(importId),
    undoImport: (request) => imports.undo(request),
    planRestoreLines: (request) => imports.planRestoreLines(request),
    restoreLines: (request) => imports.restoreLines(request),
  };

  const dispatchNow = createDispatcher(handlers, reportBug);
  if (config.syncOnConnect !== false) {
    // On start-up once Linq answers, and after every outage: cards set up elsewhere appear.
    outbox.onReachable(() => onceKeySettled(() => cardHistory.sync()));
    outbox.onReachable(() => onceKeySettled(() => lines.refresh()));
  }
  outbox.start();
  // Schedules whose time came while the app was not running are judged now (late or overdue).
  rollouts.check();
  // Photos chosen but never submitted, from earlier runs (the grace period keeps recent ones).
  track(
    photos.collect().then(({ removed, freedBytes }) => {
      if (removed > 0) log.info('Unused photos removed', { removed, freedBytes });
    }),
  );
  let closing: Promise<void> | null = null;
  const closeWaitMs = config.closeWaitMs ?? CLOSE_WAIT_MS;

  async function closeOnce(reason: string): Promise<void> {
    log.info('Stopping', { reason });
    // First, nothing new: the outbox starts no request, probe or timer (and a late answer wakes
    // no sync or refresh), the lines start no read, and requests are refused (see dispatch).
    const outboxStopped = outbox.stop();
    rollouts.stop();
    lines.close();
    cardHistory.close();
    imports.close();
    // Bounded: quitting must not hang on a Linq call that takes its full timeout.
    const waited = Promise.allSettled([...underWay, outboxStopped]);
    if (!(await settlesWithin(waited, closeWaitMs))) {
      log.warn('Stopped waiting for requests under way; they are read back at the next start', {
        outboxRequests: outbox.abandon(),
        otherRequests: underWay.size,
        waitedMs: closeWaitMs,
      });
    }
    stopped = true;
    try {
      db.close();
    } catch (error) {
      log.error('The database could not be closed', { error });
      throw error;
    } finally {
      log.finish('Stopped');
    }
  }

  return {
    dispatch(name, payload) {
      if (closing)
        return Promise.resolve({
          ok: false,
          error: appError('INTERNAL', { detail: 'The app is closing.' }),
        });
      const request = dispatchNow(name, payload).then(scrubber.scrub);
      // What the user was shown, with Linq's trace id: never the payload (it may be the key).
      void request.then((result) => {
        if (!result.ok)
          log.warn('Request failed', {
            // The headless host passes any string through: log only names the contract knows.
            request: Object.hasOwn(contract.requests, name) ? name : '(unknown)',
            ...appErrorFields(result.error),
          });
      });
      track(request);
      return request;
    },
    events,
    outboxSnapshot: () => outbox.snapshot(),
    rolloutItems: (request) => rollouts.items(request),
    storeKeyUnchecked(key) {
      if (closing)
        return Promise.reject(AppFailure.of('INTERNAL', { detail: 'The app is closing.' }));
      const storing = storeUnchecked(key);
      // close() waits for it, as for a request; a failure is the caller's to handle, not a bug.
      track(storing.catch(() => undefined));
      return storing;
    },
    apiAddress: {
      needsApproval: approvals.needsApproval,
      isApproved: approvals.isApproved,
      async approve(url) {
        await approvals.approve(url);
        log.info('API address approved', { host: new URL(url).host });
        if (!closing) outbox.keyChanged();
      },
      async unapproved() {
        const url = settings.get().apiBaseUrl;
        return (await approvals.isApproved(url)) ? null : url;
      },
    },
    logsDir: log.dir,
    networkHint() {
      if (closing) return;
      track(outbox.checkConnection());
      rollouts.check(); // a wake from sleep may have passed a schedule's time
    },
    close(reason = 'closed') {
      closing ??= closeOnce(reason);
      return closing;
    },
  };
}
