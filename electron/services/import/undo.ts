// Undoing an import: the plan the confirmation shows, and the undo itself, an import-like job
// whose rows are restores through the outbox (exactly once, read-back, decisions and Linq's
// limits as for any update), followed to its summary by the import machinery. One undo per
// import, and one per request id.
import type { PhotoRef } from '../../../shared/card.schema.ts';
import type { ImportProgress } from '../../../shared/import.schema.ts';
import type { UndoImportRequest, UndoPlan } from '../../../shared/undo.schema.ts';
import { AppFailure } from '../failure.ts';
import type { Log } from '../log/logger.ts';
import type { CardSubmission, Outbox } from '../outbox/outbox.ts';
import type { PhotoStore } from '../photos/photo-store.ts';
import type { Database } from '../store.ts';
import type { ImportStore, UndoJob } from './import-store.ts';
import {
  createUndoPlanner,
  fullName,
  restoreSubmission,
  SKIP_DETAIL,
  type UndoStep,
} from './undo-plan.ts';

export interface ImportUndoOptions {
  db: Database;
  outbox: Outbox;
  photos: PhotoStore;
  store: ImportStore;
  now: () => Date;
  log: Log;
  /** An import was made: publish its progress. */
  changed: () => void;
}

export interface ImportUndo {
  plan(importId: number): UndoPlan;
  start(request: UndoImportRequest): Promise<ImportProgress>;
}

const NONE: ReadonlySet<number> = new Set();

export function createImportUndo(options: ImportUndoOptions): ImportUndo {
  const { db, store } = options;
  const planner = createUndoPlanner(db);
  const importOf = db.prepare('SELECT file_name, kind FROM imports WHERE id = ?');
  const undoOf = db.prepare('SELECT id FROM imports WHERE undoes = ?');

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

  /**
   * The stored photos the restores name, kept (their grace period restarts, as an import's
   * do) so the store cannot collect them before the rows are committed. A photo no longer
   * stored is left out: its version's image address is sent instead.
   */
  async function keptPhotos(steps: readonly UndoStep[]): Promise<Map<string, PhotoRef>> {
    const kept = new Map<string, PhotoRef>();
    for (const s of steps) {
      const sha256 = s.step === 'restore' ? s.before.photoSha256 : null;
      if (!sha256 || kept.has(sha256)) continue;
      const found = await options.photos.find(sha256);
      if (found && (await options.photos.keep(sha256))) {
        kept.set(sha256, { sha256, contentType: found.contentType });
      }
    }
    return kept;
  }

  return {
    plan(importId) {
      const fileName = fileNameOf(importId);
      const steps = planner.steps(importId, NONE);
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
      const photos = await keptPhotos(planner.steps(request.importId, include));
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
      const steps = planner.steps(request.importId, include);
      refuseBlocking(steps);
      // Not sent yet: cancelled, so the import's change never reaches Linq (nothing to send
      // back). Each cancel commits on its own; should the app stop before the undo is
      // recorded, the same request finds these rows cancelled and leaves them.
      for (const s of steps) if (s.step === 'cancel') options.outbox.cancel(s.outboxId);

      const submissions: CardSubmission[] = [];
      const rows: UndoJob['rows'][number][] = [];
      const skipped: UndoJob['skipped'][number][] = [];
      for (const s of steps) {
        const facts = {
          line: s.line,
          phoneNumber: s.phoneNumber,
          firstName: s.firstName,
          lastName: s.lastName,
        };
        if (s.step === 'restore') {
          const photo = s.before.photoSha256 ? (photos.get(s.before.photoSha256) ?? null) : null;
          const submission = restoreSubmission(s.phoneNumber, s.before, s.now, photo);
          if (submission) {
            submissions.push(submission);
            // The row names the card it goes back to.
            rows.push({
              ...facts,
              firstName: s.before.firstName ?? '',
              lastName: s.before.lastName ?? '',
            });
            continue;
          }
          skipped.push({ ...facts, detail: SKIP_DETAIL['same-as-now'] });
        } else if (s.step === 'skip') skipped.push({ ...facts, detail: SKIP_DETAIL[s.why] });
        else if (s.step === 'changed-since') {
          skipped.push({ ...facts, detail: SKIP_DETAIL['changed-since'] });
        } else if (s.step === 'cancel') skipped.push({ ...facts, detail: SKIP_DETAIL.cancel });
      }
      const at = options.now().toISOString();
      let id = 0;
      options.outbox.submitAll(submissions, (records) => {
        id = store.insertUndo(
          {
            requestId: request.requestId,
            fileName: `Undo of ${fileName}`.slice(0, 255),
            undoes: request.importId,
            rows,
            skipped,
          },
          records.map((record) => record.id),
          at,
        );
      });
      options.log.info('Import undo enqueued', {
        importId: id,
        undoes: request.importId,
        rows: submissions.length,
        skipped: skipped.length,
      });
      options.changed();
      const made = store.progress(id);
      if (!made) throw AppFailure.of('INTERNAL', { detail: `Undo ${id} not found.` });
      return made;
    },
  };
}
