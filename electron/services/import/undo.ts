// Undoing an import: the plan the confirmation shows, and the undo itself, an import-like job
// whose rows are restores through the outbox (exactly once, read-back, decisions and Linq's
// limits as for any update), followed to its summary by the import machinery. One undo per
// import, and one per request id. Like an import, it can be held back (one line first, a
// chosen time) by a rollout.
//
// Photos: an earlier image address goes back only if it still serves an image (undo-images.ts
// probes each at start). The confirmation's plan does NOT probe: it is asked when the dialog
// opens and again each time the outbox changes while it is open, and probing hundreds of
// addresses (each up to the request timeout) there would keep the dialog waiting and send the
// same requests to image hosts over and over. So the plan counts the cards at risk (an earlier
// photo known only by its address: no copy on this computer to upload again), the dialog says
// what happens to them, and the start probes once and says per card in the summary which
// went back with its names only. A scheduled undo probes when it is confirmed, not at its time.
import type { ImportProgress } from '../../../shared/import.schema.ts';
import type { UndoImportRequest, UndoPlan } from '../../../shared/undo.schema.ts';
import { restoreFields } from '../../../shared/versions.rules.ts';
import { AppFailure } from '../failure.ts';
import type { Log } from '../log/logger.ts';
import type { CardSubmission, Outbox } from '../outbox/outbox.ts';
import type { OutboxRecord } from '../outbox/outbox-store.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import type { ImageProbe } from '../restore/restore-image.ts';
import { refuseUnusableTime, type RolloutService } from '../rollouts/rollouts.ts';
import type { Database } from '../store.ts';
import type { ImportStore, UndoJob } from './import-store.ts';
import { decideUndoImages, imageKey, undecidedImage, type UndoImage } from './undo-images.ts';
import {
  createUndoPlanner,
  fullName,
  NAMES_ONLY_DETAIL,
  PHOTO_GONE_DETAIL,
  restoreSubmission,
  SKIP_DETAIL,
  type UndoStep,
} from './undo-plan.ts';

export interface ImportUndoOptions {
  db: Database;
  outbox: Outbox;
  photos: PhotoStore;
  /** Whether an image address still serves an image (over the network, never a cache). */
  probe: ImageProbe;
  /** Holds the undo back (one line first, a chosen time) when the request asks for it. */
  rollouts?: RolloutService;
  store: ImportStore;
  now: () => Date;
  log: Log;
  /** An import was made: publish its progress. */
  changed: () => void;
}

export interface ImportUndo {
  plan(importId: number): Promise<UndoPlan>;
  start(request: UndoImportRequest): Promise<ImportProgress>;
}

const NONE: ReadonlySet<number> = new Set();

export function createImportUndo(options: ImportUndoOptions): ImportUndo {
  const { db, store } = options;
  const planner = createUndoPlanner(db);
  const importOf = db.prepare('SELECT file_name, kind FROM imports WHERE id = ?');
  const undoOf = db.prepare('SELECT id FROM imports WHERE undoes = ?');
  const forgetUpload = db.prepare('DELETE FROM uploaded_photos WHERE sha256 = ?');

  function fileNameOf(importId: number): string {
    const found = importOf.get(importId) as { file_name: string } | undefined;
    if (!found) throw AppFailure.of('INVALID_INPUT', { detail: `No import ${importId}.` });
    return found.file_name;
  }

  function undoneBy(importId: number): ImportProgress | null {
    const found = undoOf.get(importId) as { id: number } | undefined;
    return found ? store.progress(found.id) : null;
  }

  function refuseBlocking(steps: readonly UndoStep[]): void {
    const blocking = steps.filter((s) => s.step === 'blocking').length;
    if (blocking === 0) return;
    throw AppFailure.of('INVALID_INPUT', {
      message: `${blocking} ${blocking === 1 ? 'card of this import is' : 'cards of this import are'} being sent, checked with Linq or waiting for a decision in the Outbox. Undo once they have an answer.`,
      detail: `${blocking} rows not final.`,
    });
  }

  /** The earlier image each restore puts back, if its image differs from the card now. */
  function imageOf(s: UndoStep): UndoImage | null {
    return s.step === 'restore' ? (restoreFields(s.before, s.now).image ?? null) : null;
  }

  /** Cards whose earlier photo can go back only by its address: no copy here to upload. */
  async function photoByAddress(steps: readonly UndoStep[]): Promise<number> {
    const stored = new Map<string, boolean>();
    let n = 0;
    for (const image of steps.map(imageOf)) {
      if (!image) continue;
      const sha256 = image.photoSha256;
      if (sha256 && !stored.has(sha256)) stored.set(sha256, !!(await options.photos.find(sha256)));
      if (!sha256 || !stored.get(sha256)) n++;
    }
    return n;
  }

  return {
    async plan(importId) {
      const fileName = fileNameOf(importId);
      const steps = planner.steps(importId, NONE);
      const byAddress = await photoByAddress(steps);
      const count = (step: UndoStep['step']) => steps.filter((s) => s.step === step).length;
      const skipped = (why: string) =>
        steps.filter((s) => s.step === 'skip' && s.why === why).length;
      return {
        importId,
        fileName,
        counts: {
          restore: count('restore'),
          setUp: skipped('set-up'),
          changedSince: count('changed-since'),
          notSent: count('cancel'),
          unchanged: skipped('unchanged') + skipped('same-as-now'),
          noEarlierVersion: skipped('no-earlier-version'),
          blocking: count('blocking'),
          photoByAddress: byAddress,
        },
        changedSince: steps.flatMap((s) =>
          s.step === 'changed-since'
            ? [
                {
                  line: s.line,
                  phoneNumber: s.phoneNumber,
                  importedName: fullName(s.firstName, s.lastName),
                  nowName: fullName(s.now?.firstName ?? null, s.now?.lastName ?? null),
                  by: s.by,
                },
              ]
            : [],
        ),
        undoneBy: undoneBy(importId),
      };
    },

    async start(request) {
      const earlier = store.byRequest(request.requestId);
      if (earlier) return earlier;
      const fileName = fileNameOf(request.importId);
      const include = new Set(request.include);
      // Before anything is cancelled: a time that cannot be used refuses the whole undo.
      if (request.rollout) refuseUnusableTime(request.rollout, options.now().getTime());
      const probed = planner.steps(request.importId, include).flatMap((s) => imageOf(s) ?? []);
      const images = await decideUndoImages(options, probed);
      // After the last await: what is compared is what is enqueued.
      const again = store.byRequest(request.requestId);
      if (again) return again;
      const done = undoneBy(request.importId);
      if (done) {
        throw AppFailure.of('INVALID_INPUT', {
          message: `This import was undone already ("${done.fileName}").`,
          detail: `Import ${request.importId} is undone by ${done.id}.`,
        });
      }
      // Again: the probes may have taken long enough for a time chosen a moment ago to pass.
      if (request.rollout) refuseUnusableTime(request.rollout, options.now().getTime());
      const steps = planner.steps(request.importId, include);
      refuseBlocking(steps);
      // Not sent yet: cancelled, so the import's change never reaches Linq (nothing to send
      // back). Each cancel commits on its own; should the app stop before the undo is
      // recorded, the same request finds these rows cancelled and leaves them.
      for (const s of steps) if (s.step === 'cancel') options.outbox.cancel(s.outboxId);

      const submissions: CardSubmission[] = [];
      const rows: UndoJob['rows'][number][] = [];
      const skipped: UndoJob['skipped'][number][] = [];
      /** Photos uploaded anew: their cached upload address may be as dead as the old one. */
      const reuploads = new Set<string>();
      let photosGone = 0;
      for (const s of steps) {
        const facts = {
          line: s.line,
          phoneNumber: s.phoneNumber,
          firstName: s.firstName,
          lastName: s.lastName,
        };
        if (s.step === 'restore') {
          const wanted = imageOf(s);
          const image = wanted ? (images.get(imageKey(wanted)) ?? undecidedImage(wanted)) : null;
          const gone = image?.way === 'unavailable';
          if (gone) photosGone++;
          const submission = restoreSubmission(s.phoneNumber, s.before, s.now, image);
          if (submission) {
            if (image?.way === 're-upload') reuploads.add(image.photo.sha256);
            submissions.push(submission);
            // The row names the card it goes back to.
            rows.push({
              ...facts,
              firstName: s.before.firstName ?? '',
              lastName: s.before.lastName ?? '',
              detail: gone ? NAMES_ONLY_DETAIL : null,
            });
            continue;
          }
          skipped.push({ ...facts, detail: gone ? PHOTO_GONE_DETAIL : SKIP_DETAIL['same-as-now'] });
        } else if (s.step === 'skip') skipped.push({ ...facts, detail: SKIP_DETAIL[s.why] });
        else if (s.step === 'changed-since') {
          skipped.push({ ...facts, detail: SKIP_DETAIL['changed-since'] });
        } else if (s.step === 'cancel') skipped.push({ ...facts, detail: SKIP_DETAIL.cancel });
      }
      const at = options.now().toISOString();
      const label = `Undo of ${fileName}`.slice(0, 255);
      let id = 0;
      const enqueue = (gated: readonly CardSubmission[], rolloutId?: number): OutboxRecord[] =>
        options.outbox.submitAll(gated, (records) => {
          for (const sha256 of reuploads) forgetUpload.run(sha256);
          id = store.insertUndo(
            {
              requestId: request.requestId,
              fileName: label,
              undoes: request.importId,
              rows,
              skipped,
            },
            records.map((record) => record.id),
            at,
          );
          if (rolloutId !== undefined) options.rollouts?.attachImport(rolloutId, id);
        });
      if (request.rollout && options.rollouts && submissions.length > 0) {
        options.rollouts.create(request.rollout, label, submissions, enqueue);
      } else {
        enqueue(submissions);
      }
      options.log.info('Import undo enqueued', {
        importId: id,
        undoes: request.importId,
        rows: submissions.length,
        skipped: skipped.length,
        photosGone,
        held: request.rollout !== undefined && submissions.length > 0,
      });
      options.changed();
      const made = store.progress(id);
      if (!made) throw AppFailure.of('INTERNAL', { detail: `Undo ${id} not found.` });
      return made;
    },
  };
}
