// The Import screen's source and what is learnt about it: the file (or pasted rows) read and
// checked by the worker, then which numbers already have a card and whether each local image
// can be used, both asked of main. A newer parse or image run makes an older one's answers
// stale; the counters that tell live in the store (ImportWork).
import { call } from '../../../api.ts';
import { base64ToBlob } from '../../../lib/image/base64.ts';
import { loadLines } from '../../../store/lines.ts';
import { useMainState } from '../../../store/main-state.ts';
import type { ColumnMap, ImportField, ParsedImport } from '../parse/import-parser.ts';
import { goToStep, NO_IMAGES, useImportFlow, type ImportFlowState } from './import-flow.ts';

// The parser and its worker load with the first file, not with the app.
const parser = () => import('../parse/import-parser.ts');

/** The file types offered: what spreadsheet apps save as delimited text. */
export const IMPORT_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;
export const PASTED_NAME = 'Pasted rows';
/** Local images checked per request, so the progress moves and one bad file costs little. */
const IMAGE_BATCH = 8;

const set = useImportFlow.setState;
const get = useImportFlow.getState;

function setWork(work: Partial<ImportFlowState['work']>): void {
  set((state) => ({ work: { ...state.work, ...work } }));
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
  if (parsed) void checkImages(parsed, get().work.parseGeneration);
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
  get().work.stopWatching?.();
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
  setWork({ stopWatching: watchDefaultCountry() });
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
  const { source, work } = get();
  if (!source) return null;
  work.parseAbort?.abort();
  const abort = new AbortController();
  const generation = work.parseGeneration + 1;
  setWork({ parseAbort: abort, parseGeneration: generation });
  const current = () => get().work.parseGeneration === generation;
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
        if (current()) set({ parsing: { done, total } });
      },
      abort.signal,
    );
    if (!current()) return null;
    set({ parsing: null, parsed, map: parsed.map, hasHeader: parsed.hasHeader });
    void lookUpCards(parsed, generation);
    void checkImages(parsed, generation);
    return parsed;
  } catch (error) {
    if (!current()) return null;
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
  if (generation !== get().work.parseGeneration) return;
  if (!result.ok) {
    set({ knownError: result.error });
    return;
  }
  set({ known: new Map(result.value.cards.map((card) => [card.phoneNumber, card])) });
}

/** Has main read and check the local images the file names, a few at a time. */
async function checkImages(parsed: ParsedImport, generation: number): Promise<void> {
  const run = get().work.imageRun + 1;
  setWork({ imageRun: run });
  const stale = () => generation !== get().work.parseGeneration || run !== get().work.imageRun;
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
    if (stale()) return;
    if (!result.ok) {
      set({ images: { ...get().images, checking: false, error: result.error } });
      return;
    }
    const results = new Map(get().images.results);
    for (const checked of result.value.results) results.set(checked.path, checked);
    set({
      images: { ...get().images, results, done: from + batch.length },
    });
  }
  set({ images: { ...get().images, checking: false } });
}

export function retryImageChecks(): void {
  const parsed = get().parsed;
  if (parsed) void checkImages(parsed, get().work.parseGeneration);
}

export function retryLookup(): void {
  const parsed = get().parsed;
  if (parsed) void lookUpCards(parsed, get().work.parseGeneration);
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

/**
 * Watches Settings' default country for as long as a source is loaded (from its choice to a
 * start-over or the next source); returns the function that stops watching.
 */
function watchDefaultCountry(): () => void {
  return useMainState.subscribe((state, previous) => {
    const country = state.settings?.defaultCountry;
    if (country && country !== previous.settings?.defaultCountry) defaultCountryChanged();
  });
}
