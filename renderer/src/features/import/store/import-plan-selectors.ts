// The plan as the screen and the sending see it: derived from the Import store's inputs and
// the account's lines, through memoised derivations (plan/derive-plan.ts), so every reader
// gets the same plan object until one of its inputs changes.
import type { LineList } from '../../../../../shared/lines.schema.ts';
import { useLines } from '../../../store/lines.ts';
import {
  memoisedAccountLines,
  memoisedPlan,
  memoisedVisible,
  type DerivedPlan,
} from '../plan/derive-plan.ts';
import { useImportFlow, type ImportFlowState } from './import-flow.ts';

const accountLinesOf = memoisedAccountLines();
const planOf = memoisedPlan();
const visibleOf = memoisedVisible();

export function selectPlan(flow: ImportFlowState, lines: LineList | null): DerivedPlan {
  return planOf({
    parsed: flow.parsed,
    known: flow.known,
    images: flow.images.results,
    policy: flow.policy,
    decisions: flow.decisions,
    includeOtherNumbers: flow.includeOtherNumbers,
    accountLines: accountLinesOf(lines),
  });
}

/** The plan now, for actions (outside React). */
export function currentPlan(): DerivedPlan {
  return selectPlan(useImportFlow.getState(), useLines.getState().list);
}

/** The plan, re-rendering when it changes: on the flow's inputs or on the account's lines. */
export function usePlan(): DerivedPlan {
  const lines = useLines((state) => state.list);
  return useImportFlow((flow) => selectPlan(flow, lines));
}

/** Indexes into the plan of the rows the filter shows. */
export function useVisibleRows(): readonly number[] {
  const { rows } = usePlan();
  const filter = useImportFlow((flow) => flow.filter);
  return visibleOf(rows, filter);
}

/** The selected row as an index into the plan; null when none is, or the plan got shorter. */
export function useSelectedRow(): number | null {
  const { rows } = usePlan();
  const selected = useImportFlow((flow) => flow.selected);
  return selected !== null && selected < rows.length ? selected : null;
}
