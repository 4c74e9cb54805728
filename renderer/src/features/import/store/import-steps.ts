// The Import screen's way forward: what each step checks before the next one shows, and the
// sending of the plan to main (once per plan, whatever the clicks).
import { call } from '../../../api.ts';
import {
  buildImportRequest,
  uncheckedImages,
  type PlanCounts,
  type PlannedRow,
} from '../plan/import-plan.ts';
import { localTimeZone } from '../../../lib/rollout-text.ts';
import { rolloutFromChoice, type RolloutChoice } from '../../../lib/rollout-choice.ts';
import { goToStep, useImportFlow } from './import-flow.ts';
import { currentPlan } from './import-plan-selectors.ts';
import { followImport, rememberImportRequest } from './import-run.ts';

const set = useImportFlow.setState;
const get = useImportFlow.getState;

/** From the column map to the preview: the two required fields need a column. */
export function toPreview(): void {
  const { map, parsing } = get();
  if (parsing || !map) return;
  if (map.phone === null) {
    set({ stepError: 'Choose the column that holds the phone numbers.' });
    return;
  }
  if (map.firstName === null) {
    set({ stepError: 'Choose the column that holds the first names (or business names).' });
    return;
  }
  goToStep('preview');
}

/** From the preview to the confirmation: only when every row's fate is known. */
export function toConfirm(): void {
  const { images, known, knownError, parsing } = get();
  const { rows, counts } = currentPlan();
  if (parsing) return;
  if (images.checking || (known === null && knownError === null)) {
    set({ stepError: 'Wait until every image is checked and the numbers are looked up.' });
    return;
  }
  // Without the lookup, rows for numbers that have a card would go out as setups, and each
  // would come back from Linq as 'already exists', waiting for a decision in the Outbox.
  if (knownError !== null) {
    set({
      stepError:
        'The app could not look up which numbers already have a card. Try the lookup again before going on.',
    });
    return;
  }
  // A row whose image main could not check (the check failed) would be left out unannounced.
  const unchecked = uncheckedImages(rows);
  if (unchecked > 0) {
    set({
      stepError: `The images of ${unchecked} ${unchecked === 1 ? 'row' : 'rows'} could not be checked. Try the check again, or remove those images from the file.`,
    });
    return;
  }
  if (counts.decide > 0) {
    set({
      stepError: `Choose skip or update for the ${counts.decide} ${counts.decide === 1 ? 'number' : 'numbers'} that already ${counts.decide === 1 ? 'has' : 'have'} a card, or pick one choice for all of them.`,
    });
    return;
  }
  // Rows held back for their numbers can still be included on the Confirm step.
  if (counts.setup + counts.update + heldBack(counts) === 0) {
    set({ stepError: 'No row can be imported. Fix the file and choose it again.' });
    return;
  }
  goToStep('confirm');
}

/** Rows held back because their number is not one of the account's lines. */
function heldBack(counts: PlanCounts): number {
  return get().includeOtherNumbers ? 0 : counts.otherNumbers;
}

/**
 * The id the plan goes out under: the one it was sent with before, for a retry of the same
 * plan and rollout choice (if the first try was stored after all, main answers with that
 * import instead of storing the rows again); a new one for a plan or choice not sent yet.
 */
function requestIdFor(plan: readonly PlannedRow[], rollout: RolloutChoice): string {
  const request = get().request;
  return request?.plan === plan && request.rollout === rollout ? request.id : crypto.randomUUID();
}

/** Sends every ready row to main, which enqueues them all in one transaction. */
export async function startImport(): Promise<void> {
  const { submitting, source, parsed, rollout: choice } = get();
  if (submitting || !source || !parsed) return;
  const { rows: plan, counts } = currentPlan();
  if (counts.setup + counts.update === 0) {
    set({
      stepError:
        'No row would be imported: the rows left are for numbers that are not lines of this Linq account. Check "Include them anyway" to import them, or go back and fix the file.',
    });
    return;
  }
  const rollout = rolloutFromChoice(choice, Date.now(), localTimeZone());
  if (!rollout.ok) {
    // The reason is already under the time field; here, only where to look.
    set({ stepError: 'Nothing was sent: check the time under "How to send" above.' });
    return;
  }
  const requestId = requestIdFor(plan, choice);
  set({ submitting: true, submitError: null, request: { plan, rollout: choice, id: requestId } });
  const request = buildImportRequest(
    { fileName: source.name, requestId, lastNameColumn: parsed.map.lastName !== null },
    plan,
  );
  if (rollout.rollout) request.rollout = rollout.rollout;
  rememberImportRequest(requestId);
  const result = await call((api) => api.importCards(request));
  if (!result.ok) {
    set({ submitting: false, submitError: result.error });
    return;
  }
  followImport(result.value);
  set({ submitting: false });
  goToStep('progress');
}
