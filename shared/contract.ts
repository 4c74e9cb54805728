// The single source of truth for IPC. Every request the renderer can make is listed here
// with the schema of what it sends and what it gets back, and so is every event main pushes.
// The preload's `window.linq` and the browser test host's bridge are both generated from this
// object (see bridge.ts), and main validates every payload against it (see dispatch in main).
import { z } from 'zod';
import { ApiKeyInputSchema } from './api-key.schema.ts';
import { AppErrorSchema } from './errors.schema.ts';
import {
  PhotoContentTypeSchema,
  PhotoRefSchema,
  SetupSubmissionSchema,
  Sha256Schema,
  UpdateSubmissionSchema,
} from './card.schema.ts';
import { MAX_STORED_PHOTO_BYTES } from './photo.ts';
import { CardImageRequestSchema, CardImageSchema } from './card-image.schema.ts';
import {
  OutboxDecisionInputSchema,
  OutboxItemRefSchema,
  OutboxItemSchema,
  OutboxSnapshotSchema,
  OutboxStatusSchema,
  PhotoUploadProgressSchema,
  RolloutItemsSchema,
} from './outbox.schema.ts';
import { SettingsPatchSchema, SettingsSchema } from './settings.schema.ts';
import {
  CardExportRequestSchema,
  CardHistorySchema,
  CardListRequestSchema,
  CardListSchema,
  ExportResultSchema,
  SyncStatusSchema,
} from './card-history.schema.ts';
import {
  ImageFolderSchema,
  ImportFileSchema,
  ImportImagesRequestSchema,
  ImportImagesSchema,
  ImportProgressSchema,
  ImportRequestSchema,
  ImportRowsRequestSchema,
  ImportRowsSchema,
  KnownCardsRequestSchema,
  KnownCardsSchema,
} from './import.schema.ts';
import { MAX_IMPORT_BYTES } from './import.rules.ts';
import { LineListSchema } from './lines.schema.ts';
import {
  RolloutDecisionSchema,
  RolloutItemsRequestSchema,
  RolloutRefSchema,
  RolloutSummarySchema,
} from './rollout.schema.ts';
import {
  RestorePlanSchema,
  RestoreRequestSchema,
  RestoreResultSchema,
  RestoreVersionRequestSchema,
} from './versions.schema.ts';
import {
  RestoreLinesPlanRequestSchema,
  RestoreLinesPlanSchema,
  RestoreLinesRequestSchema,
} from './restore-lines.schema.ts';
import { UndoImportRequestSchema, UndoPlanRequestSchema, UndoPlanSchema } from './undo.schema.ts';
import type { EventName, RequestName } from './channels.ts';

export { EVENT_NAMES, REQUEST_NAMES, eventChannel, requestChannel } from './channels.ts';
export type { EventName, RequestName } from './channels.ts';

export const KeyStatusSchema = z.strictObject({
  /** Whether the keychain holds a key for this app. */
  present: z.boolean(),
  /** The last four characters, so staff can tell keys apart. Never more. */
  last4: z.string().max(4).nullable(),
  verification: z.enum(['unverified', 'verified', 'rejected']),
  /** When the key was last checked against Linq, and what went wrong if the check failed. */
  checkedAt: z.string().nullable(),
  checkError: AppErrorSchema.nullable(),
});
export type KeyStatus = z.infer<typeof KeyStatusSchema>;

/** Everything the renderer needs to draw itself; re-read after every (re)load. */
export const AppStateSchema = z.strictObject({
  version: z.string(),
  settings: SettingsSchema,
  keyStatus: KeyStatusSchema.nullable(),
  keyError: AppErrorSchema.nullable(),
  outbox: OutboxSnapshotSchema,
  sync: SyncStatusSchema,
});
export type AppState = z.infer<typeof AppStateSchema>;

const NoInput = z.undefined();

/** Base64 grows bytes by 4/3; the JSON around it is small. */
const MAX_PHOTO_BASE64 = Math.ceil(MAX_STORED_PHOTO_BYTES / 3) * 4;

export const PhotoBytesSchema = z.strictObject({
  sha256: Sha256Schema,
  contentType: PhotoContentTypeSchema,
  base64: z.base64().max(MAX_PHOTO_BASE64),
});
export type PhotoBytes = z.infer<typeof PhotoBytesSchema>;

interface RequestDefinition<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  /** Largest accepted payload, in bytes of JSON. */
  maxBytes: number;
}

function request<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  maxBytes = 16 * 1024,
): RequestDefinition<I, O> {
  return { input, output, maxBytes };
}

export const contract = {
  requests: {
    /** The `ready` handshake: the renderer calls it on every load. */
    getAppState: request(NoInput, AppStateSchema),
    getKeyStatus: request(NoInput, KeyStatusSchema),
    /**
     * Checks a new key with Linq, then stores it: a key Linq refuses (KEY_REJECTED) is not
     * stored and the old one stays; one that cannot be checked replaces no working key (the
     * error says why) but is stored, not verified yet, when there is none.
     */
    saveKey: request(ApiKeyInputSchema, KeyStatusSchema),
    /** Checks the stored key with a cheap authenticated call. Offline: stays unverified. */
    verifyKey: request(NoInput, KeyStatusSchema),
    removeKey: request(NoInput, KeyStatusSchema),
    updateSettings: request(SettingsPatchSchema, SettingsSchema),
    /**
     * First-time setup of a number's card (POST), through the outbox: answers as soon as the
     * submission is stored durably; its progress arrives as outboxChanged events.
     */
    setupCard: request(SetupSubmissionSchema, OutboxItemSchema),
    /** Changes only the given fields of an existing card (PATCH), through the outbox. */
    updateCard: request(UpdateSubmissionSchema, OutboxItemSchema),
    /**
     * Keeps a processed photo in main's photo store under its SHA-256 (checked), so that a card
     * submitted offline still has it after a restart. The bytes cross IPC once, here.
     */
    storePhoto: request(PhotoBytesSchema, PhotoRefSchema, MAX_PHOTO_BASE64 + 1024),
    /** A stored photo's bytes (history thumbnails); null when it is not in the store. */
    readPhoto: request(z.strictObject({ sha256: Sha256Schema }), PhotoBytesSchema.nullable()),
    /**
     * A card's photo, fetched by main from an image URL the app already knows (a card, the
     * history, the outbox): the page loads no remote image itself. null when it cannot be shown.
     */
    readCardImage: request(CardImageRequestSchema, CardImageSchema.nullable()),
    /** Sends (or reads back) the item now instead of at its scheduled time; failed ones too. */
    retryOutboxItem: request(OutboxItemRefSchema, OutboxItemSchema),
    /** Gives up on an item that is not being sent right now; it stays in the record. */
    cancelOutboxItem: request(OutboxItemRefSchema, OutboxItemSchema),
    decideOutboxItem: request(OutboxDecisionInputSchema, OutboxItemSchema),
    /** A window of the history list: one row per number, searched and filtered. */
    listCards: request(CardListRequestSchema, CardListSchema),
    /** One number's card and its timeline; null when the number has no history. */
    getCardHistory: request(
      z.strictObject({ phoneNumber: z.string().max(16) }),
      CardHistorySchema.nullable(),
    ),
    /** Reads every card from Linq and merges them in (never deleting anything). */
    syncCards: request(NoInput, SyncStatusSchema),
    /** What restoring an earlier version would send, compared with the card Linq shows now. */
    planRestore: request(RestoreRequestSchema, RestorePlanSchema),
    /** Sends the version's differing fields as one update through the outbox. */
    restoreVersion: request(RestoreVersionRequestSchema, RestoreResultSchema),
    /**
     * Saves the list as it is filtered to a CSV file the user chooses (each card now, or every
     * version of each); null if cancelled.
     */
    exportCards: request(CardExportRequestSchema, ExportResultSchema),
    /** Checks now whether Linq is reachable (the status bar's "Try now"). */
    checkConnection: request(NoInput, OutboxStatusSchema),
    /** The account's lines from the local cache (works offline); does not call Linq. */
    listLines: request(NoInput, LineListSchema),
    /** Reads the account's lines from Linq into the cache; on failure the cache stays. */
    refreshLines: request(NoInput, LineListSchema),
    /** What the history knows of these numbers' cards (the import's "already has a card"). */
    lookupCards: request(KnownCardsRequestSchema, KnownCardsSchema, 2 * 1024 * 1024),
    /**
     * Main's own open dialog for a spreadsheet: its contents, and a token for its folder, the
     * only one its images may then come from; null if cancelled.
     */
    openImportFile: request(NoInput, ImportFileSchema.nullable()),
    /** Main's own dialog for the folder an import's images are in; null if cancelled. */
    chooseImageFolder: request(NoInput, ImageFolderSchema.nullable()),
    /**
     * Reads the local images an import names (absolute paths inside the granted folder), checks
     * them like a dropped photo and keeps them in the photo store; one result per path, in order.
     */
    checkImportImages: request(ImportImagesRequestSchema, ImportImagesSchema, 512 * 1024),
    /** Enqueues every ready row in one transaction; all are stored or none. */
    importCards: request(ImportRequestSchema, ImportProgressSchema, MAX_IMPORT_BYTES),
    /**
     * An import by its id, or by the id of the request that made it (a window reloaded while
     * importCards was under way knows only that one); null when there is none.
     */
    getImport: request(
      z.union([
        z.strictObject({ id: z.number().int().positive() }),
        z.strictObject({ requestId: z.uuid() }),
      ]),
      ImportProgressSchema.nullable(),
    ),
    /** A window of an import's rows with their outcome so far (the summary). */
    listImportRows: request(ImportRowsRequestSchema, ImportRowsSchema),
    /** Saves an import's summary to a CSV file the user chooses; null if cancelled. */
    exportImportSummary: request(
      z.strictObject({ id: z.number().int().positive() }),
      ExportResultSchema,
    ),
    /** Send the rest / Send now / Cancel (the rest) of a rollout in the outbox. */
    decideRollout: request(RolloutDecisionSchema, RolloutSummarySchema),
    /**
     * A window has shown that this schedule is late (its time passed while the app was not
     * running): it goes a little later unless the user cancels it. Never sent before this.
     */
    rolloutNoticeShown: request(RolloutRefSchema, RolloutSummarySchema),
    /**
     * A page of a rollout's lines in submission order, held ones included (the Outbox's
     * tables leave held items out): which lines wait, and which went first.
     */
    listRolloutItems: request(RolloutItemsRequestSchema, RolloutItemsSchema),
    /** What undoing an import would do: the counts and the cards changed again since. */
    planUndoImport: request(UndoPlanRequestSchema, UndoPlanSchema),
    /**
     * Starts the undo of an import (one per import; the same requestId answers with the undo
     * it made): an import-like job, followed through getImport and importChanged.
     */
    undoImport: request(UndoImportRequestSchema, ImportProgressSchema, 1024 * 1024),
    /**
     * What putting the lines the History list shows (its search and filter) back to how Linq
     * had them at an earlier moment would do: the counts the confirmation gives.
     */
    planRestoreLines: request(RestoreLinesPlanRequestSchema, RestoreLinesPlanSchema),
    /**
     * Puts those lines back (the same requestId answers with the job it made): an import-like
     * job of restores, followed through getImport and importChanged.
     */
    restoreLines: request(RestoreLinesRequestSchema, ImportProgressSchema),
  },
  events: {
    keyStatusChanged: KeyStatusSchema,
    settingsChanged: SettingsSchema,
    outboxChanged: OutboxSnapshotSchema,
    photoUploadProgress: PhotoUploadProgressSchema,
    /** The history list changed: re-read the rows on screen. */
    cardsChanged: z.strictObject({ at: z.string() }),
    syncChanged: SyncStatusSchema,
    linesChanged: LineListSchema,
    /** An import's counts moved (coalesced). */
    importChanged: ImportProgressSchema,
  },
} as const;

export type Contract = typeof contract;

// The contract and the name list in channels.ts must name exactly the same requests and events.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestsMatchNames: SameKeys<keyof Contract['requests'], RequestName> = true;
const eventsMatchNames: SameKeys<keyof Contract['events'], EventName> = true;
void requestsMatchNames;
void eventsMatchNames;
export type RequestInput<N extends RequestName> = z.input<Contract['requests'][N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<Contract['requests'][N]['output']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export type Result<T> =
  { ok: true; value: T } | { ok: false; error: z.infer<typeof AppErrorSchema> };
