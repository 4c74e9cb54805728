// The plan, its counts and the rows a filter shows are derived from the screen's inputs, never
// stored beside them: nothing has to remember to refresh them. Planning 10,000 rows is not
// free, so each derivation keeps its last answer and gives it back, the same object, while
// its inputs are the same objects: a keystroke elsewhere costs an identity check, and a
// plan that did not change keeps its identity (the import's request id is tied to it).
import type { ImportImageResult, KnownCard } from '../../../../../shared/import.schema.ts';
import type { LineList } from '../../../../../shared/lines.schema.ts';
import type { ParsedImport } from '../parse/import-parser.ts';
import {
  countPlan,
  filterPlan,
  planRows,
  type ExistingPolicy,
  type PlanCounts,
  type PlannedRow,
  type RowDecision,
  type StatusFilter,
} from './import-plan.ts';

/** What a plan is made from; each compared by identity. */
export interface PlanSources {
  parsed: ParsedImport | null;
  known: ReadonlyMap<string, KnownCard> | null;
  images: ReadonlyMap<string, ImportImageResult>;
  policy: ExistingPolicy;
  decisions: ReadonlyMap<string, RowDecision>;
  includeOtherNumbers: boolean;
  accountLines: ReadonlySet<string> | null;
}

export interface DerivedPlan {
  rows: readonly PlannedRow[];
  counts: PlanCounts;
}

function sameSources(a: PlanSources, b: PlanSources): boolean {
  return (Object.keys(a) as (keyof PlanSources)[]).every((key) => a[key] === b[key]);
}

/** A plan function that re-plans only when one of its sources is another object. */
export function memoisedPlan(): (sources: PlanSources) => DerivedPlan {
  let last: { sources: PlanSources; plan: DerivedPlan } | null = null;
  return (sources) => {
    if (last && sameSources(last.sources, sources)) return last.plan;
    const { parsed } = sources;
    const rows = parsed
      ? planRows({
          rows: parsed.rows,
          known: sources.known,
          images: sources.images,
          policy: sources.policy,
          decisions: sources.decisions,
          lastNameColumn: parsed.map.lastName !== null,
          accountLines: sources.accountLines,
          includeOtherNumbers: sources.includeOtherNumbers,
        })
      : [];
    last = { sources, plan: { rows, counts: countPlan(rows) } };
    return last.plan;
  };
}

/** Indexes into the plan of the rows a filter shows, recomputed when either changes. */
export function memoisedVisible(): (
  rows: readonly PlannedRow[],
  filter: StatusFilter,
) => readonly number[] {
  let last: { rows: readonly PlannedRow[]; filter: StatusFilter; visible: number[] } | null = null;
  return (rows, filter) => {
    if (last?.rows === rows && last.filter === filter) return last.visible;
    last = { rows, filter, visible: filterPlan(rows, filter) };
    return last.visible;
  };
}

/**
 * The account's lines (E.164) from main's cache; null when they are not known: the cache is
 * empty until Linq has answered once, or could not be read. Main re-publishes the list
 * whenever a line's card changes: the same numbers give back the same set, so the plan is
 * not made again (nor its request id changed) for a change that does not concern it.
 */
export function memoisedAccountLines(): (list: LineList | null) => ReadonlySet<string> | null {
  let last: { key: string; lines: ReadonlySet<string> | null } | null = null;
  return (list) => {
    const numbers = (list?.lines ?? []).map((line) => line.phoneNumber);
    const key = numbers.join(' ');
    if (last?.key === key) return last.lines;
    last = { key, lines: numbers.length > 0 ? new Set(numbers) : null };
    return last.lines;
  };
}
