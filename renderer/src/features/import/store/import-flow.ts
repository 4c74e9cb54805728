// The Import screen's steps up to sending: the chosen file (or pasted rows), the column map,
// the rows as the worker checked them, what main knows of their numbers and local images,
// and the user's choices for numbers that already have a card. Kept while the user visits
// other screens. Only inputs live here: the plan, its counts and the visible rows are derived
// from them (import-plan-selectors.ts). The worker and main's checks are driven from
// import-source.ts, the steps' checks and the sending from import-steps.ts; the import
// itself, once sent, is followed in import-run.ts.
import { create } from 'zustand';
import type { AppError } from '../../../../../shared/errors.schema.ts';
import type { ImportImageResult, KnownCard } from '../../../../../shared/import.schema.ts';
import type { ColumnMap, ParsedImport } from '../parse/import-parser.ts';
import type { ExistingPolicy, PlannedRow, RowDecision, StatusFilter } from '../plan/import-plan.ts';
import { SEND_NOW, type RolloutChoice } from '../../../lib/rollout-choice.ts';

export const IMPORT_STEPS = ['choose', 'map', 'preview', 'confirm', 'progress', 'summary'] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number];

export interface ImagesState {
  checking: boolean;
  done: number;
  total: number;
  results: ReadonlyMap<string, ImportImageResult>;
  error: AppError | null;
}

/**
 * The work under way for the current source, so an older answer can tell it is stale. Not
 * shown; kept in the store rather than in module variables so a start-over resets it in one
 * place. The counters only ever grow: an answer from before a start-over must never match.
 */
export interface ImportWork {
  /** Bumped by each parse (and by a start-over): an older parse's answers are dropped. */
  parseGeneration: number;
  parseAbort: AbortController | null;
  /** Bumped by each run of the image checks: an older run (another folder) stops. */
  imageRun: number;
  /** Undoes the watch on the default country that a chosen source starts. */
  stopWatching: (() => void) | null;
}

export interface ImportFlowState {
  step: ImportStep;
  /** Set by a step change, so the new step's heading takes the focus (not on a screen visit). */
  focusStep: boolean;
  source: { name: string; data: File | string } | null;
  /** What is typed in the paste box. */
  pasted: string;
  /** Why the chosen file or pasted rows cannot be used, in words that say what to do. */
  sourceError: string | null;
  parsing: { done: number; total: number } | null;
  parsed: ParsedImport | null;
  /** The map and header choice on screen (the parse in flight may not have caught up). */
  map: ColumnMap | null;
  hasHeader: boolean;
  /** Why the next step cannot be taken yet. */
  stepError: string | null;
  known: ReadonlyMap<string, KnownCard> | null;
  knownError: AppError | null;
  images: ImagesState;
  /**
   * The folder main may read the images from: the chosen file's (opened in main's dialog) or
   * one picked there. Null for a dropped file or pasted rows until the user picks one.
   */
  imageFolder: { grant: string; name: string } | null;
  policy: ExistingPolicy;
  /** The user's choices by number (E.164), for 'ask'. */
  decisions: ReadonlyMap<string, RowDecision>;
  /** "Include them anyway" on Confirm: rows for numbers that are not the account's lines. */
  includeOtherNumbers: boolean;
  /** "How to send" on Confirm: one line first, and now or at a chosen time. */
  rollout: RolloutChoice;
  filter: StatusFilter;
  /** The selected row, as an index into the plan (ignored once past its end). */
  selected: number | null;
  submitting: boolean;
  submitError: AppError | null;
  /**
   * The id of the import a plan becomes (see ImportRequestSchema), with the plan it was made
   * for: made when that plan is first sent and kept for every retry of it, so main never
   * enqueues it twice. A changed plan is another object, so it gets an id of its own; a mere
   * re-derivation gives back the same plan, so nothing can drop the id by recomputing. The
   * rollout choice is part of what is sent: a changed choice is a new object, and a new id.
   */
  request: { plan: readonly PlannedRow[]; rollout: RolloutChoice; id: string } | null;
  work: ImportWork;
}

export const NO_IMAGES: ImagesState = {
  checking: false,
  done: 0,
  total: 0,
  results: new Map(),
  error: null,
};

function initialState(work: ImportWork): ImportFlowState {
  return {
    step: 'choose',
    focusStep: false,
    source: null,
    pasted: '',
    sourceError: null,
    parsing: null,
    parsed: null,
    map: null,
    hasHeader: true,
    stepError: null,
    known: null,
    knownError: null,
    images: NO_IMAGES,
    imageFolder: null,
    policy: 'skip',
    decisions: new Map(),
    includeOtherNumbers: false,
    rollout: SEND_NOW,
    filter: 'all',
    selected: null,
    submitting: false,
    submitError: null,
    request: null,
    work,
  };
}

export const useImportFlow = create<ImportFlowState>()(() =>
  initialState({ parseGeneration: 0, parseAbort: null, imageRun: 0, stopWatching: null }),
);

const set = useImportFlow.setState;
const get = useImportFlow.getState;

export function goToStep(step: ImportStep): void {
  set({ step, focusStep: true, stepError: null });
}

/** The step's heading has taken the focus. */
export function stepFocused(): void {
  set({ focusStep: false });
}

export function setPasted(text: string): void {
  set({ pasted: text });
}

export function setPolicy(policy: ExistingPolicy): void {
  set({ policy, stepError: null });
}

/** The user's choice for a number that already has a card ('ask'). */
export function decide(phoneNumber: string, decision: RowDecision | null): void {
  const decisions = new Map(get().decisions);
  if (decision) decisions.set(phoneNumber, decision);
  else decisions.delete(phoneNumber);
  set({ decisions, stepError: null });
}

/** "Include them anyway" for the rows whose number is not one of the account's lines. */
export function setIncludeOtherNumbers(include: boolean): void {
  set({ includeOtherNumbers: include, stepError: null });
}

/** A change to "How to send" (one line first, now or at a time, the time typed). */
export function setRolloutChoice(change: Partial<RolloutChoice>): void {
  set({ rollout: { ...get().rollout, ...change }, stepError: null });
}

export function setFilter(filter: StatusFilter): void {
  set({ filter, selected: null });
}

export function selectRow(planIndex: number | null): void {
  set({ selected: planIndex });
}

export function dismissSubmitError(): void {
  set({ submitError: null });
}

/**
 * A new import from the start; the one sent stays followed until then. The parse under way
 * is aborted and its generation passed, the default country no longer watched.
 */
export function startOver(): void {
  const { work } = get();
  work.parseAbort?.abort();
  work.stopWatching?.();
  set({
    ...initialState({
      parseGeneration: work.parseGeneration + 1,
      parseAbort: null,
      imageRun: work.imageRun + 1,
      stopWatching: null,
    }),
    focusStep: true,
  });
}
