// The Import screen's steps up to sending: the chosen file (or pasted rows), the column map,
// the rows as the worker checked them, what main knows of their numbers and local images,
// and the user's choices for numbers that already have a card. Kept while the user visits
// other screens. The import itself, once sent, is followed in importRun.ts.
import { create } from 'zustand';
import type { AppError } from '../../../shared/errors.schema.ts';
import type { ImportImageResult, KnownCard } from '../../../shared/import.schema.ts';
import { call } from '../api.ts';
import { base64ToBlob } from '../lib/image/base64.ts';
import type { ColumnMap, ImportField, ParsedImport } from '../lib/import/import-parser.ts';
import {
  buildImportRequest,
  countPlan,
  filterPlan,
  planRows,
  uncheckedImages,
  type ExistingPolicy,
  type PlanCounts,
  type PlannedRow,
  type RowDecision,
  type StatusFilter,
} from '../lib/importPlan.ts';
import { loadLines, useLines } from './lines.ts';
import { useMainState } from './mainState.ts';
import { followImport, rememberImportRequest } from './importRun.ts';

// The parser and its worker load with the first file, not with the app.
const parser = () => import('../lib/import/import-parser.ts');

export const IMPORT_STEPS = ['choose', 'map', 'preview', 'confirm', 'progress', 'summary'] as const;
export type ImportStep = (typeof IMPORT_STEPS)[number];

/** The file types offered: what spreadsheet apps save as delimited text. */
export const IMPORT_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;
export const PASTED_NAME = 'Pasted rows';
/** Local images checked per request, so the progress moves and one bad file costs little. */
const IMAGE_BATCH = 8;

export interface ImagesState {
  checking: boolean;
  done: number;
  total: number;
  results: ReadonlyMap<string, ImportImageResult>;
  error: AppError | null;
}

interface ImportFlowState {
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
  plan: PlannedRow[];
  counts: PlanCounts;
  filter: StatusFilter;
  /** Indexes into `plan` of the rows the filter shows. */
  visible: number[];
  /** The selected row, as an index into `plan`. */
  selected: number | null;
  submitting: boolean;
  submitError: AppError | null;
  /**
   * The id of the import this plan becomes (see ImportRequestSchema): made when it is first
   * sent and kept for every retry, so main never enqueues it twice; a changed plan drops it.
   */
  requestId: string | null;
}

const NO_IMAGES: ImagesState = {
  checking: false,
  done: 0,
  total: 0,
  results: new Map(),
  error: null,
};

function initialState(): ImportFlowState {
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
    plan: [],
    counts: countPlan([]),
    filter: 'all',
    visible: [],
    selected: null,
    submitting: false,
    submitError: null,
    requestId: null,
  };
}

export const useImportFlow = create<ImportFlowState>()(initialState);

const set = useImportFlow.setState;
const get = useImportFlow.getState;

let parseGeneration = 0;
/** Bumped by each run of the image checks: an older run (another folder) stops. */
let imageRun = 0;
let parseAbort: AbortController | null = null;

export function goToStep(step: ImportStep): void {
  set({ step, focusStep: true, stepError: null });
}

/** The step's heading has taken the focus. */
export function stepFocused(): void {
  set({ focusStep: false });
}

/**
 * The account's lines from main's cache (it works offline); null when they are not known: the
 * cache is empty until Linq has answered once, or could not be read.
 */
function accountLines(): ReadonlySet<string> | null {
  const lines = useLines.getState().list?.lines ?? [];
  return lines.length > 0 ? new Set(lines.map((line) => line.phoneNumber)) : null;
}

/** Re-plans every row from the current inputs; keeps the filter and the selection's row. */
function replan(): void {
  const { parsed, known, images, policy, decisions, includeOtherNumbers, filter, selected } = get();
  const plan = parsed
    ? planRows({
        rows: parsed.rows,
        known,
        images: images.results,
        policy,
        decisions,
        lastNameColumn: parsed.map.lastName !== null,
        accountLines: accountLines(),
        includeOtherNumbers,
      })
    : [];
  const visible = filterPlan(plan, filter);
  set({
    plan,
    requestId: null,
    counts: countPlan(plan),
    visible,
    selected: selected !== null && selected < plan.length ? selected : null,
  });
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot).toLowerCase();
}

/** A dropped file: main does not know its folder, so its images need one chosen. */
export function chooseFile(file: File, imageFolder: ImportFlowState['imageFolder'] = null): void {
  const extension = extensionOf(file.name);
  if (!(IMPORT_EXTENSIONS as readonly string[]).includes(extension)) {
    set({
      sourceError: `${file.name} is not a CSV or text file. In your spreadsheet app, save or export the sheet as CSV (.csv) and choose that file, or copy its rows and paste them below.`,
    });
    return;
  }
  void start({ name: file.name, data: file }, imageFolder);
}

/** "Choose file…": main's own dialog, whose file's folder main may then read images from. */
export async function openFileInMain(): Promise<void> {
  const result = await call((api) => api.openImportFile());
  if (!result.ok) {
    set({ sourceError: result.error.message });
    return;
  }
  if (!result.value) return; // cancelled
  const { name, base64, grant } = result.value;
  const file = new File([base64ToBlob(base64, 'text/plain')], name);
  chooseFile(file, { grant, name: `the folder of ${name}` });
}

/** Main's dialog for the folder the images are in; every image is then checked again. */
export async function chooseImageFolder(): Promise<void> {
  const result = await call((api) => api.chooseImageFolder());
  const parsed = get().parsed;
  if (!result.ok) {
    set({ images: { ...get().images, error: result.error } });
    return;
  }
  if (!result.value) return; // cancelled
  set({
    imageFolder: { grant: result.value.grant, name: `the folder “${result.value.name}”` },
    images: NO_IMAGES,
  });
  replan();
  if (parsed) void checkImages(parsed, parseGeneration);
}

export function setPasted(text: string): void {
  set({ pasted: text });
}

export function readPastedRows(): void {
  const text = get().pasted;
  if (text.trim() === '') {
    set({
      sourceError:
        'Nothing to read yet: copy the rows in your spreadsheet (with or without the header row) and paste them into the box first.',
    });
    return;
  }
  void start({ name: PASTED_NAME, data: text });
}

/** A new file or paste: everything learnt about the previous one goes. */
async function start(
  source: { name: string; data: File | string },
  imageFolder: ImportFlowState['imageFolder'] = null,
): Promise<void> {
  set({
    source,
    imageFolder,
    sourceError: null,
    parsed: null,
    map: null,
    hasHeader: true,
    known: null,
    knownError: null,
    // A file chosen again may point at images that changed since: they are checked afresh.
    images: NO_IMAGES,
    decisions: new Map(),
    includeOtherNumbers: false,
    filter: 'all',
    selected: null,
    submitError: null,
  });
  const parsed = await parse();
  if (parsed) goToStep('map');
}

/**
 * Runs the worker on the current source with the current choices. A newer run aborts an
 * older one, whose answer is then never used. Resolves with the result, or null.
 */
async function parse(choices?: {
  map: ColumnMap;
  hasHeader: boolean;
}): Promise<ParsedImport | null> {
  const source = get().source;
  if (!source) return null;
  parseAbort?.abort();
  const abort = new AbortController();
  parseAbort = abort;
  const generation = ++parseGeneration;
  set({ parsing: { done: 0, total: 0 } });
  try {
    await loadLines(); // the account's lines, so rows with other numbers can be held back
    const { parseImport } = await parser();
    const parsed = await parseImport(
      source.data,
      {
        defaultCountry: useMainState.getState().settings?.defaultCountry ?? 'US',
        ...(choices ?? {}),
      },
      (done, total) => {
        if (generation === parseGeneration) set({ parsing: { done, total } });
      },
      abort.signal,
    );
    if (generation !== parseGeneration) return null;
    set({ parsing: null, parsed, map: parsed.map, hasHeader: parsed.hasHeader });
    replan();
    void lookUpCards(parsed, generation);
    void checkImages(parsed, generation);
    return parsed;
  } catch (error) {
    if (generation !== parseGeneration) return null;
    const message =
      error instanceof Error && error.message
        ? error.message
        : 'This file could not be read. Try again, or copy its rows and paste them below.';
    set({ parsing: null, sourceError: message });
    return null;
  }
}

/** Which numbers of the file already have a card (main's history knows). */
async function lookUpCards(parsed: ParsedImport, generation: number): Promise<void> {
  const numbers = new Set<string>();
  for (const row of parsed.rows) if (row.phoneNumber) numbers.add(row.phoneNumber);
  set({ known: null, knownError: null });
  const result = await call((api) => api.lookupCards({ phoneNumbers: [...numbers] }));
  if (generation !== parseGeneration) return;
  if (!result.ok) {
    set({ knownError: result.error });
    return;
  }
  set({ known: new Map(result.value.cards.map((card) => [card.phoneNumber, card])) });
  replan();
}

/** Has main read and check the local images the file names, a few at a time. */
async function checkImages(parsed: ParsedImport, generation: number): Promise<void> {
  const run = ++imageRun;
  const previous = get().images.results;
  const paths = new Set<string>();
  for (const row of parsed.rows) {
    if (row.image?.kind === 'path' && !previous.has(row.image.path)) paths.add(row.image.path);
  }
  const todo = [...paths];
  set({
    images: {
      ...get().images,
      checking: todo.length > 0,
      done: 0,
      total: todo.length,
      error: null,
    },
  });
  for (let from = 0; from < todo.length; from += IMAGE_BATCH) {
    const batch = todo.slice(from, from + IMAGE_BATCH);
    const grant = get().imageFolder?.grant ?? null;
    const result = await call((api) => api.checkImportImages({ grant, paths: batch }));
    if (generation !== parseGeneration || run !== imageRun) return;
    if (!result.ok) {
      set({ images: { ...get().images, checking: false, error: result.error } });
      replan();
      return;
    }
    const results = new Map(get().images.results);
    for (const checked of result.value.results) results.set(checked.path, checked);
    set({
      images: { ...get().images, results, done: from + batch.length },
    });
    replan();
  }
  set({ images: { ...get().images, checking: false } });
}

export function retryImageChecks(): void {
  const parsed = get().parsed;
  if (parsed) void checkImages(parsed, parseGeneration);
}

export function retryLookup(): void {
  const parsed = get().parsed;
  if (parsed) void lookUpCards(parsed, parseGeneration);
}

/** A field's column changed: the rows are read and checked again with the new map. */
export function setColumn(field: ImportField, column: number | null): void {
  const map = get().map;
  if (!map) return;
  const next = { ...map, [field]: column };
  set({ map: next, stepError: null });
  void parse({ map: next, hasHeader: get().hasHeader });
}

export function setHasHeader(hasHeader: boolean): void {
  const map = get().map;
  if (!map) return;
  set({ hasHeader });
  void parse({ map, hasHeader });
}

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

export function setPolicy(policy: ExistingPolicy): void {
  set({ policy, stepError: null });
  replan();
}

/** The user's choice for a number that already has a card ('ask'). */
export function decide(phoneNumber: string, decision: RowDecision | null): void {
  const decisions = new Map(get().decisions);
  if (decision) decisions.set(phoneNumber, decision);
  else decisions.delete(phoneNumber);
  set({ decisions, stepError: null });
  replan();
}

/** "Include them anyway" for the rows whose number is not one of the account's lines. */
export function setIncludeOtherNumbers(include: boolean): void {
  set({ includeOtherNumbers: include, stepError: null });
  replan();
}

export function setFilter(filter: StatusFilter): void {
  const visible = filterPlan(get().plan, filter);
  set({ filter, visible, selected: null });
}

export function selectRow(planIndex: number | null): void {
  set({ selected: planIndex });
}

/** From the preview to the confirmation: only when every row's fate is known. */
export function toConfirm(): void {
  const { counts, images, known, knownError, parsing, plan } = get();
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
  const unchecked = uncheckedImages(plan);
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

/** Sends every ready row to main, which enqueues them all in one transaction. */
export async function startImport(): Promise<void> {
  const { submitting, source, plan, parsed, counts } = get();
  if (submitting || !source || !parsed) return;
  if (counts.setup + counts.update === 0) {
    set({
      stepError:
        'No row would be imported: the rows left are for numbers that are not lines of this Linq account. Check "Include them anyway" to import them, or go back and fix the file.',
    });
    return;
  }
  // A retry of the same plan keeps its id: if the first try was stored after all, main answers
  // with that import instead of storing the rows again.
  const requestId = get().requestId ?? crypto.randomUUID();
  set({ submitting: true, submitError: null, requestId });
  const request = buildImportRequest(
    { fileName: source.name, requestId, lastNameColumn: parsed.map.lastName !== null },
    plan,
  );
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

export function dismissSubmitError(): void {
  set({ submitError: null });
}

/** A new import from the start; the one sent stays followed until then. */
export function startOver(): void {
  parseAbort?.abort();
  parseGeneration++;
  set({ ...initialState(), focusStep: true });
}

/**
 * The default country changed (in Settings, perhaps to fix the preview's "read as a number in
 * …" warnings): rows already read were checked with the previous one, and numbers without a
 * country code now mean other lines. They are read and checked again before anything is
 * imported, and a plan waiting for confirmation goes back to the preview to be looked at.
 */
function defaultCountryChanged(): void {
  const { parsed, map, hasHeader, step } = get();
  if (!parsed || !map) return;
  if (step !== 'map' && step !== 'preview' && step !== 'confirm') return;
  if (step === 'confirm') goToStep('preview');
  void parse({ map, hasHeader });
}

// The lines arrive or change (a refresh, Linq reachable again): rows are held back, or not,
// by the newest list. Main re-publishes the list whenever a line's card changes, so only a
// change of the numbers themselves re-plans (a re-plan drops the plan's request id).
let linesKey = '';
useLines.subscribe((state) => {
  const key = (state.list?.lines ?? []).map((line) => line.phoneNumber).join(' ');
  if (key === linesKey) return;
  linesKey = key;
  const { parsed, step } = get();
  if (parsed && (step === 'map' || step === 'preview' || step === 'confirm')) replan();
});

useMainState.subscribe((state, previous) => {
  const country = state.settings?.defaultCountry;
  if (country && country !== previous.settings?.defaultCountry) defaultCountryChanged();
});
