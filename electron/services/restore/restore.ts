// Restoring an earlier version of a card: compared with the card Linq shows now (read from
// Linq, and merged into the history first, so a change made elsewhere becomes a version as a
// sync would make it), only the fields that differ go, as ONE update through the outbox:
// stored before it is sent, exactly once, read back and decided like any other update. The
// version Linq then confirms says which version it restored (the restores table). A restore is
// made once per request id, and may wait for a chosen time like any single change.
import type { Card, UpdateSubmission } from '../../../shared/card.schema.ts';
import type { CardRow, CardVersion } from '../../../shared/card-history.schema.ts';
import type {
  RestorePlan,
  RestoreRequest,
  RestoreResult,
  RestoreVersionRequest,
} from '../../../shared/versions.schema.ts';
import {
  IMAGE_UNAVAILABLE_NOTE,
  ONLY_GONE_PHOTO_DIFFERS_NOTE,
  SAME_AS_NOW_NOTE,
  restoreFields,
  type RestorableCard,
} from '../../../shared/versions.rules.ts';
import type { CardRecord } from '../card-history/card-record.ts';
import { AppFailure } from '../failure.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { publicItem } from '../outbox/outbox-store.ts';
import { meansUnreachable } from '../outbox/send-policy.ts';
import type { SubmitOne } from '../rollouts/single-change.ts';
import type { Database } from '../store.ts';
import { restoreImage, type ImageToSend, type RestoreImageDeps } from './restore-image.ts';

export interface RestoreService {
  plan(request: RestoreRequest): Promise<RestorePlan>;
  restore(request: RestoreVersionRequest): Promise<RestoreResult>;
}

export interface RestoreOptions extends RestoreImageDeps {
  db: Database;
  record: CardRecord;
  outbox: Pick<Outbox, 'item'>;
  /** Enqueues the restore, at once or held until its schedule (rollouts/single-change.ts). */
  submitOne: SubmitOne;
  /** The number's card at Linq now (null: none), through the services' Linq client. */
  readCard(phoneNumber: string): Promise<Card | null>;
  now: () => Date;
}

interface Decided {
  plan: RestorePlan;
  /** The update to enqueue; null when nothing is sent. */
  update: UpdateSubmission | null;
  reuploads: string | null;
}

const restorable = (row: CardRow): RestorableCard => ({
  firstName: row.firstName,
  lastName: row.lastName,
  imageUrl: row.imageUrl,
  photoSha256: row.photoSha256,
});

export function createRestoreService(options: RestoreOptions): RestoreService {
  const forget = options.db.prepare('DELETE FROM uploaded_photos WHERE sha256 = ?');

  function versionOf(request: RestoreRequest): CardVersion {
    const version = options.record.versions.get(request.versionId);
    if (!version || version.phoneNumber !== request.phoneNumber) {
      throw AppFailure.of('INVALID_INPUT', {
        message: 'That version of the card is not in the history.',
        detail: `No version ${request.versionId} for this number.`,
      });
    }
    return version;
  }

  /** The restore already made for this request (answered again as it was), or null. */
  function madeFor(request: RestoreVersionRequest): RestoreResult | null {
    const made = options.record.versions.restoreByRequest(request.requestId);
    if (!made) return null;
    const item = options.outbox.item(made.outboxId);
    if (made.versionId !== request.versionId || !item || item.phoneNumber !== request.phoneNumber) {
      throw AppFailure.of('INVALID_INPUT', {
        message: 'This restore request was already used for another version. Open Restore again.',
        detail: `Request ${request.requestId} restored version ${made.versionId}.`,
      });
    }
    return { status: 'queued', item };
  }

  /** Linq's card now merged into the history; false when Linq could not be reached. */
  async function readLinq(phoneNumber: string): Promise<boolean> {
    const since = options.now().toISOString();
    try {
      const card = await options.readCard(phoneNumber);
      if (card) options.record.mergeFromLinq([card], since);
      return true;
    } catch (error) {
      if (error instanceof AppFailure && meansUnreachable(error.appError)) return false;
      throw error;
    }
  }

  async function decide(
    request: Pick<RestoreVersionRequest, 'phoneNumber' | 'versionId' | 'namesOnly'>,
  ): Promise<Decided> {
    const version = versionOf(request);
    const reached = await readLinq(request.phoneNumber);
    const row = options.record.get(request.phoneNumber);
    const confirmed = row?.confirmedAt ? row : null;
    // Something still waiting decides what the card will be: the whole version goes after it.
    const pendingAhead = row?.status === 'waiting' || row?.status === 'needs-decision';
    const base = confirmed && !pendingAhead ? restorable(confirmed) : null;
    const fields = restoreFields(version, base);
    let image: ImageToSend | null = null;
    if (fields.image) image = await restoreImage(options, fields.image);
    const namesOnly = request.namesOnly === true || image?.way === 'unavailable';
    const update: Omit<UpdateSubmission, 'phoneNumber'> = {
      ...(fields.firstName !== undefined ? { firstName: fields.firstName } : {}),
      ...(fields.lastName !== undefined ? { lastName: fields.lastName } : {}),
    };
    if (image && !namesOnly) {
      if (image.way === 're-upload') update.photo = image.photo;
      else if (image.way !== 'unavailable') update.imageUrl = image.imageUrl;
    }
    const changes: RestorePlan['changes'] = [];
    if (fields.firstName !== undefined) {
      changes.push({
        field: 'firstName',
        from: confirmed?.firstName ?? null,
        to: fields.firstName,
      });
    }
    if (fields.lastName !== undefined) {
      changes.push({ field: 'lastName', from: confirmed?.lastName ?? null, to: fields.lastName });
    }
    if (fields.image) {
      changes.push({
        field: 'image',
        from: confirmed?.imageUrl ?? null,
        to: fields.image.imageUrl,
      });
    }
    const sends = Object.keys(update).length > 0;
    return {
      plan: {
        phoneNumber: request.phoneNumber,
        versionId: version.id,
        current: confirmed
          ? {
              firstName: confirmed.firstName,
              lastName: confirmed.lastName,
              imageUrl: confirmed.imageUrl,
            }
          : null,
        comparedWith: reached ? 'linq-now' : 'last-confirmed',
        pendingAhead,
        changes,
        image: image
          ? image.way
          : fields.imageStays
            ? 'cannot-remove'
            : version.imageUrl
              ? 'same'
              : 'none',
        sameAsNow: changes.length === 0,
      },
      update: sends ? { phoneNumber: request.phoneNumber, ...update } : null,
      reuploads: image?.way === 're-upload' ? image.photo.sha256 : null,
    };
  }

  return {
    async plan(request) {
      return (await decide(request)).plan;
    },

    async restore(request) {
      const earlier = madeFor(request);
      if (earlier) return earlier;
      const { plan, update, reuploads } = await decide(request);
      // After the last await: the same request may have been made meanwhile (a double click
      // races this one), comparing with the same card Linq has not changed yet.
      const again = madeFor(request);
      if (again) return again;
      if (plan.sameAsNow) return { status: 'same-as-now', message: SAME_AS_NOW_NOTE };
      if (plan.image === 'unavailable' && request.namesOnly !== true) {
        return { status: 'image-unavailable', message: IMAGE_UNAVAILABLE_NOTE };
      }
      if (!update) {
        // Names only, and the names already match: the gone photo was all that differed.
        const message =
          plan.image === 'unavailable' ? ONLY_GONE_PHOTO_DIFFERS_NOTE : SAME_AS_NOW_NOTE;
        return { status: 'same-as-now', message };
      }
      // One transaction: the item and its mark as a restore (with the request's id) are stored
      // together or not at all.
      const record = options.submitOne(
        { action: 'update', ...update },
        request.schedule,
        (item) => {
          // The cached upload address may be as dead as the old one: the uploader uploads anew.
          if (reuploads) forget.run(reuploads);
          options.record.versions.markRestore(item.id, plan.versionId, request.requestId);
        },
      );
      return { status: 'queued', item: publicItem(record) };
    },
  };
}
