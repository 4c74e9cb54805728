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
import type { ImportKind } from '../../../shared/import.rules.ts';
import type { ImportProgress } from '../../../shared/import.schema.ts';
import type { UndoImportRequest, UndoPlan } from '../../../shared/undo.schema.ts';
import { AppFailure } from '../failure.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import { refuseUnusableTime } from '../rollouts/rollouts.ts';
import type { Database } from '../store.ts';
import type { ImportStore } from './import-store.ts';
import {
  countPhotoByAddress,
  restoredImage,
  type JobLine,
  type RestoreJobs,
  type RestoreLine,
} from './restore-job.ts';
import { createUndoPlanner, fullName, SKIP_DETAIL, type UndoStep } from './undo-plan.ts';

export interface ImportUndoOptions {
  db: Database;
  outbox: Pick<Outbox, 'cancel'>;
  photos: Pick<PhotoStore, 'find'>;
  store: ImportStore;
  /** Probes the images and enqueues the undo's restores (restore-job.ts). */
  jobs: RestoreJobs;
  now: () => Date;
}

export interface ImportUndo {
  plan(importId: number): Promise<UndoPlan>;
  start(request: UndoImportRequest): Promise<ImportProgress>;
}

const NONE: ReadonlySet<number> = new Set();

/** Every change the undo held was cancelled, none sent or under way. */
function undidNothing(undo: ImportProgress): boolean {
  return undo.counts.cancelled === undo.total;
}

export function createImportUndo(options: ImportUndoOptions): ImportUndo {
  const { db, store } = options;
  const planner = createUndoPlanner(db);
  const importOf = db.prepare('SELECT file_name, kind FROM imports WHERE id = ?');
  const undoOf = db.prepare('SELECT id FROM imports WHERE undoes = ?');

  const unlinkUndo = db.prepare('UPDATE imports SET undoes = NULL WHERE id = ?');

  /** The import's file name; only an import of a file (or pasted rows) can be undone. */
  function fileNameOf(importId: number): string {
    const found = importOf.get(importId) as { file_name: string; kind: ImportKind } | undefined;
    if (!found) throw AppFailure.of('INVALID_INPUT', { detail: `No import ${importId}.` });
    if (found.kind !== 'file') {
      throw AppFailure.of('INVALID_INPUT', {
        message:
          'Only an import can be undone. To put back the cards an undo or a restore changed, use History → Restore lines to an earlier time.',
        detail: `Import ${importId} is a ${found.kind}.`,
      });
    }
    return found.file_name;
  }

  /**
   * The undo made of this import, unless every change it held was cancelled before any was
   * sent (a held or scheduled undo the user cancelled in the Outbox): that one undid nothing,
   * and the import can be undone again.
   */
  function undoneBy(importId: number): ImportProgress | null {
    const found = undoOf.get(importId) as { id: number } | undefined;
    const undo = found ? store.progress(found.id) : null;
    return undo && !undidNothing(undo) ? undo : null;
  }

  /** Frees the import from an undo that undid nothing, so that a new one can name it. */
  function forgetEmptyUndo(importId: number): void {
    const found = undoOf.get(importId) as { id: number } | undefined;
    const undo = found ? store.progress(found.id) : null;
    if (undo && undidNothing(undo)) unlinkUndo.run(undo.id);
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
  const imageOf = (s: UndoStep) => (s.step === 'restore' ? restoredImage(s) : null);

  return {
    async plan(importId) {
      const fileName = fileNameOf(importId);
      const steps = planner.steps(importId, NONE);
      const byAddress = await countPhotoByAddress(options.photos, steps.map(imageOf));
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
      const probed = planner.steps(request.importId, include);
      const images = await options.jobs.decideImages(
        probed.flatMap((s) => (s.step === 'restore' ? [s] : [])),
      );
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
      forgetEmptyUndo(request.importId);
      // Again: the probes may have taken long enough for a time chosen a moment ago to pass.
      if (request.rollout) refuseUnusableTime(request.rollout, options.now().getTime());
      const steps = planner.steps(request.importId, include);
      refuseBlocking(steps);
      // Not sent yet: cancelled, so the import's change never reaches Linq (nothing to send
      // back). Each cancel commits on its own; should the app stop before the undo is
      // recorded, the same request finds these rows cancelled and leaves them.
      for (const s of steps) if (s.step === 'cancel') options.outbox.cancel(s.outboxId);

      const restores: RestoreLine[] = [];
      const skipped: (JobLine & { detail: string })[] = [];
      for (const s of steps) {
        const facts = {
          line: s.line,
          phoneNumber: s.phoneNumber,
          firstName: s.firstName,
          lastName: s.lastName,
        };
        if (s.step === 'restore') restores.push(s);
        else if (s.step === 'skip') skipped.push({ ...facts, detail: SKIP_DETAIL[s.why] });
        else if (s.step === 'changed-since') {
          skipped.push({ ...facts, detail: SKIP_DETAIL['changed-since'] });
        } else if (s.step === 'cancel') skipped.push({ ...facts, detail: SKIP_DETAIL.cancel });
      }
      return options.jobs.enqueue(
        {
          requestId: request.requestId,
          kind: 'undo',
          undoes: request.importId,
          label: `Undo of ${fileName}`,
          restores,
          skipped,
          sameDetail: SKIP_DETAIL['same-as-now'],
          ...(request.rollout ? { rollout: request.rollout } : {}),
          logAs: 'Import undo enqueued',
        },
        images,
      );
    },
  };
}
