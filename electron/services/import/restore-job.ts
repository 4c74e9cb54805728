// A job of restores: an undo of an import, or several lines put back to an earlier time. Each
// card that goes back is one update through the outbox (exactly once, read-back, decisions and
// Linq's limits as for any update), enqueued in one transaction with the job's rows, so the
// import machinery follows it to its summary. Like an import, it can be held back (one line
// first, a chosen time) by a rollout. The two kinds differ only in which cards they put back
// and why they leave the others; what a card sends and how its photo goes back is decided here
// once for both.
import type { ImportProgress } from '../../../shared/import.schema.ts';
import type { RolloutOptions } from '../../../shared/rollout.schema.ts';
import { restoreFields } from '../../../shared/versions.rules.ts';
import { AppFailure } from '../failure.ts';
import type { Log } from '../log/logger.ts';
import type { CardSubmission, Outbox } from '../outbox/outbox.ts';
import type { OutboxRecord } from '../outbox/outbox-store.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import type { ImageProbe, ImageToSend } from '../restore/restore-image.ts';
import type { RolloutService } from '../rollouts/rollouts.ts';
import type { Database } from '../store.ts';
import type { ImportStore, RestoreJob } from './import-store.ts';
import { decideUndoImages, imageKey, undecidedImage, type UndoImage } from './undo-images.ts';
import {
  NAMES_ONLY_DETAIL,
  PHOTO_GONE_DETAIL,
  restoreSubmission,
  type VersionContent,
} from './undo-plan.ts';

export interface RestoreJobOptions {
  db: Database;
  outbox: Outbox;
  photos: PhotoStore;
  /** Whether an image address still serves an image (over the network, never a cache). */
  probe: ImageProbe;
  /** Holds the job back (one line first, a chosen time) when the request asks for it. */
  rollouts?: RolloutService;
  store: ImportStore;
  now: () => Date;
  log: Log;
  /** A job was made: publish its progress. */
  changed: () => void;
}

/** A line of the job, with the names its summary row shows when the card is left alone. */
export interface JobLine {
  line: number;
  phoneNumber: string;
  firstName: string;
  lastName: string;
}

/** A card that goes back to `before`, compared with `now` (null: unknown, all of it goes). */
export interface RestoreLine extends JobLine {
  before: VersionContent;
  now: VersionContent | null;
}

export interface RestoreJobRequest {
  requestId: string;
  kind: RestoreJob['kind'];
  undoes: number | null;
  /** The job's name, as the Import screen and the Outbox show it. */
  label: string;
  restores: readonly RestoreLine[];
  skipped: readonly (JobLine & { detail: string })[];
  /** What the summary says of a card found already as it goes back. */
  sameDetail: string;
  /** Marks each update as a restore of its version (the History says which one). */
  markRestore?: (outboxId: number, versionId: number) => void;
  rollout?: RolloutOptions;
  /** What the log says the job is. */
  logAs: string;
}

/** The earlier image a restore puts back, if its image differs from the card now. */
export function restoredImage(line: Pick<RestoreLine, 'before' | 'now'>): UndoImage | null {
  return restoreFields(line.before, line.now).image ?? null;
}

/** Cards whose earlier photo can go back only by its address: no copy here to upload. */
export async function countPhotoByAddress(
  photos: Pick<PhotoStore, 'find'>,
  images: readonly (UndoImage | null)[],
): Promise<number> {
  const stored = new Map<string, boolean>();
  let n = 0;
  for (const image of images) {
    if (!image) continue;
    const sha256 = image.photoSha256;
    if (sha256 && !stored.has(sha256)) stored.set(sha256, !!(await photos.find(sha256)));
    if (!sha256 || !stored.get(sha256)) n++;
  }
  return n;
}

export interface RestoreJobs {
  /** Probes the images these cards would put back (see undo-images.ts). */
  decideImages(lines: readonly RestoreLine[]): Promise<Map<string, ImageToSend>>;
  /**
   * Enqueues the job with no await in between (call it after the last await): the cards
   * compared are the cards enqueued on.
   */
  enqueue(job: RestoreJobRequest, images: ReadonlyMap<string, ImageToSend>): ImportProgress;
}

export function createRestoreJobs(options: RestoreJobOptions): RestoreJobs {
  const { store } = options;
  const forgetUpload = options.db.prepare('DELETE FROM uploaded_photos WHERE sha256 = ?');

  return {
    decideImages: (lines) =>
      decideUndoImages(
        options,
        lines.flatMap((line) => restoredImage(line) ?? []),
      ),

    enqueue(job, images) {
      const submissions: CardSubmission[] = [];
      const versionIds: number[] = [];
      const rows: RestoreJob['rows'][number][] = [];
      const skipped: RestoreJob['skipped'][number][] = [...job.skipped];
      /** Photos uploaded anew: their cached upload address may be as dead as the old one. */
      const reuploads = new Set<string>();
      let photosGone = 0;
      for (const s of job.restores) {
        const facts = {
          line: s.line,
          phoneNumber: s.phoneNumber,
          firstName: s.firstName,
          lastName: s.lastName,
        };
        const wanted = restoredImage(s);
        const image = wanted ? (images.get(imageKey(wanted)) ?? undecidedImage(wanted)) : null;
        const gone = image?.way === 'unavailable';
        if (gone) photosGone++;
        const submission = restoreSubmission(s.phoneNumber, s.before, s.now, image);
        if (!submission) {
          skipped.push({ ...facts, detail: gone ? PHOTO_GONE_DETAIL : job.sameDetail });
          continue;
        }
        if (image?.way === 're-upload') reuploads.add(image.photo.sha256);
        submissions.push(submission);
        versionIds.push(s.before.id);
        // The row names the card it goes back to.
        rows.push({
          ...facts,
          firstName: s.before.firstName ?? '',
          lastName: s.before.lastName ?? '',
          detail: gone ? NAMES_ONLY_DETAIL : null,
        });
      }
      const at = options.now().toISOString();
      const label = job.label.slice(0, 255);
      let id = 0;
      const enqueue = (gated: readonly CardSubmission[], rolloutId?: number): OutboxRecord[] =>
        options.outbox.submitAll(gated, (records) => {
          for (const sha256 of reuploads) forgetUpload.run(sha256);
          const ids = records.map((record) => record.id);
          id = store.insertJob(
            {
              requestId: job.requestId,
              fileName: label,
              kind: job.kind,
              undoes: job.undoes,
              rows,
              skipped,
            },
            ids,
            at,
          );
          if (job.markRestore)
            ids.forEach((outboxId, i) => job.markRestore?.(outboxId, versionIds[i]!));
          if (rolloutId !== undefined) options.rollouts?.attachImport(rolloutId, id);
        });
      if (job.rollout && options.rollouts && submissions.length > 0) {
        options.rollouts.create(job.rollout, label, submissions, enqueue);
      } else {
        enqueue(submissions);
      }
      options.log.info(job.logAs, {
        importId: id,
        ...(job.undoes !== null ? { undoes: job.undoes } : {}),
        rows: submissions.length,
        skipped: skipped.length,
        photosGone,
        held: job.rollout !== undefined && submissions.length > 0,
      });
      options.changed();
      const made = store.progress(id);
      if (!made) throw AppFailure.of('INTERNAL', { detail: `Job ${id} not found.` });
      return made;
    },
  };
}
