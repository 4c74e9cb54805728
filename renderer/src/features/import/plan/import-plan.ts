// What the import will do with each row of the file, from the parser's checks plus what only
// main knows: which numbers already have a card (and what the user chose for them) and
// whether each local image could be read. Pure, so it is re-run cheaply on every change of
// the user's choices, and the request sent to main is built from the same plan the preview
// shows: what is shown as ready is exactly what is imported.
import type { PhotoRef } from '../../../../../shared/card.schema.ts';
import type {
  ImportImageResult,
  ImportRequest,
  ImportRow,
  ImportSkippedRow,
  KnownCard,
} from '../../../../../shared/import.schema.ts';
import {
  importChanges,
  NOTHING_TO_UPDATE_NOTE,
  patchBase,
  type RowChanges,
} from '../../../../../shared/import-patch.ts';
import type { ImportRowCheck } from '../parse/validate-rows.ts';
import { fullName } from '../../../lib/names.ts';
import { UNCHECKED_LOCAL_IMAGE_NOTE } from '../parse/image-reference.ts';

/** What to do with rows whose number already has a card. */
export type ExistingPolicy = 'skip' | 'update' | 'ask';
export type RowDecision = 'skip' | 'update';

/**
 * ready/warning: imported (a warning is worth a look); error: left out; skip: left out because
 * the number has a card; decide: has a card and waits for the user's choice.
 */
export type PlannedStatus = 'ready' | 'warning' | 'error' | 'skip' | 'decide';

export interface PlannedRow {
  check: ImportRowCheck;
  status: PlannedStatus;
  /** The parser's reasons, then the image check's; errors first. */
  problems: string[];
  action: 'setup' | 'update' | null;
  /** The number's card as the history knows it, when it has one. */
  existing: KnownCard | null;
  /** What is done about that card, in words ("Already has a card (Ada): it will be updated"). */
  note: string | null;
  /** A local image, checked and stored by main. */
  photo: PhotoRef | null;
  skipReason: ImportSkippedRow['reason'] | null;
  /**
   * A row that would be imported but whose number is not one of the account's lines:
   * 'held-back' until the user includes such rows on the Confirm step, then 'included'.
   * null for the account's own lines, when the lines are not known, and for rows left out anyway.
   */
  otherNumber: 'held-back' | 'included' | null;
}

/** Why a row is marked, in the preview and on Confirm. */
export const NOT_A_LINE_NOTE = "Not one of your account's lines.";
/** What happens to it until the user includes it (the single-card form asks first too). */
export const HELD_BACK_NOTE = 'Left out unless you include it on the Confirm step';

export interface PlanInput {
  rows: readonly ImportRowCheck[];
  /** Cards by E.164 number; null while the lookup is under way or failed. */
  known: ReadonlyMap<string, KnownCard> | null;
  images: ReadonlyMap<string, ImportImageResult>;
  policy: ExistingPolicy;
  /**
   * The user's choice per number (E.164), for 'ask': by number, not by row, so that a choice
   * stays with its number when the rows are read again (the header row switched on or off).
   */
  decisions: ReadonlyMap<string, RowDecision>;
  /** Whether a column holds the last names: without one, an update leaves them alone. */
  lastNameColumn: boolean;
  /**
   * The account's lines (E.164) from main's cache; null when they are not known (never read
   * from Linq, or the cache could not be read). Then no row is held back for its number, and
   * the Confirm step says the numbers could not be checked.
   */
  accountLines: ReadonlySet<string> | null;
  /** "Include them anyway": rows whose number is not one of the lines are imported too. */
  includeOtherNumbers: boolean;
}

/**
 * A number has a card when Linq has confirmed one (even if a later change failed or was
 * cancelled) or one is on its way through the outbox; a failed or cancelled first setup left
 * none, so the row sets it up.
 */
export function hasCard<T extends Pick<KnownCard, 'status' | 'isActive'>>(
  card: T | null | undefined,
): card is T {
  if (!card) return false;
  return card.isActive !== null || (card.status !== 'failed' && card.status !== 'cancelled');
}

/** " (last name removed, image)": what an update of a known card changes, so nothing is a surprise. */
function changedText(changes: RowChanges | null, check: ImportRowCheck): string {
  if (!changes) return '';
  const parts: string[] = [];
  if (changes.firstName) parts.push('first name');
  if (changes.lastName) parts.push(check.lastName === '' ? 'last name removed' : 'last name');
  if (changes.image) parts.push('image');
  return ` (${parts.join(', ')})`;
}

export function existingCardText(card: KnownCard): string {
  const name = fullName(card.firstName, card.lastName);
  return name ? `Already has a card (${name})` : 'Already has a card';
}

function planRowIgnoringLines(check: ImportRowCheck, input: PlanInput): PlannedRow {
  const image = check.image;
  const result = image?.kind === 'path' ? input.images.get(image.path) : undefined;
  const problems = result
    ? // The parser's note is stale once main has checked the image: a row it alone made a
      // warning becomes ready.
      check.problems.filter((problem) => problem !== UNCHECKED_LOCAL_IMAGE_NOTE)
    : [...check.problems];
  let photo: PhotoRef | null = null;
  let status: PlannedStatus =
    check.status === 'warning' && problems.length === 0 ? 'ready' : check.status;
  if (result && !result.ok) {
    problems.unshift(
      `The image ${image?.kind === 'path' ? image.path : ''} cannot be used: ${result.error.message}`,
    );
    status = 'error';
  } else if (result?.ok) {
    photo = result.photo;
  }
  const known = check.phoneNumber ? input.known?.get(check.phoneNumber) : undefined;
  const existing = hasCard(known) ? known : null;
  const base = { check, problems, existing, photo, note: null, otherNumber: null };
  if (status === 'error') {
    return {
      ...base,
      status,
      action: null,
      skipReason: check.duplicateOf !== null ? 'duplicate' : 'invalid',
    };
  }
  if (!existing) return { ...base, status, action: 'setup', skipReason: null };
  const had = existingCardText(existing);
  const changes = importChanges(patchBase(existing), {
    firstName: check.firstName,
    ...(input.lastNameColumn ? { lastName: check.lastName } : {}),
    ...(check.image?.kind === 'url' ? { imageUrl: check.image.url } : {}),
    ...(photo ? { photo } : {}),
  });
  if (!changes && (check.image?.kind !== 'path' || photo)) {
    // Nothing to send: the card already reads as the row does, whatever the user chooses.
    const note = NOTHING_TO_UPDATE_NOTE;
    return { ...base, note, status: 'skip', action: null, skipReason: 'has-card' };
  }
  const decision =
    input.policy === 'ask' && check.phoneNumber
      ? input.decisions.get(check.phoneNumber)
      : input.policy === 'ask'
        ? undefined
        : input.policy;
  if (decision === undefined) {
    const note = `${had}: choose skip or update`;
    return { ...base, note, status: 'decide', action: null, skipReason: null };
  }
  if (decision === 'skip') {
    const note = `${had}: skipped`;
    return { ...base, note, status: 'skip', action: null, skipReason: 'has-card' };
  }
  return {
    ...base,
    note: `${had}: it will be updated${changedText(patchBase(existing) ? changes : null, check)}`,
    status,
    action: 'update',
    skipReason: null,
  };
}

/**
 * A row about to be imported for a number that is not one of the account's lines is held
 * back until the user includes such rows: the single-card form asks before it sends one, so
 * the import must not send them unasked on a mere warning.
 */
function planRow(check: ImportRowCheck, input: PlanInput): PlannedRow {
  const row = planRowIgnoringLines(check, input);
  const number = check.phoneNumber;
  if (row.action === null || !number || !input.accountLines || input.accountLines.has(number)) {
    return row;
  }
  const marked = {
    ...row,
    problems: [...row.problems, NOT_A_LINE_NOTE],
    status: row.status === 'ready' ? ('warning' as const) : row.status,
  };
  if (input.includeOtherNumbers) return { ...marked, otherNumber: 'included' };
  return {
    ...marked,
    otherNumber: 'held-back',
    action: null,
    skipReason: 'excluded',
    note: HELD_BACK_NOTE,
  };
}

export function planRows(input: PlanInput): PlannedRow[] {
  return input.rows.map((check) => planRow(check, input));
}

export interface PlanCounts {
  rows: number;
  ready: number;
  warning: number;
  error: number;
  skip: number;
  decide: number;
  /** Rows whose number already has a card, whatever is done with them. */
  hasCard: number;
  /** Rows flagged as the same number as another row (the first of each included). */
  duplicates: number;
  setup: number;
  update: number;
  /** Rows to import whose number is not one of the account's lines (held back or included). */
  otherNumbers: number;
}

export function countPlan(rows: readonly PlannedRow[]): PlanCounts {
  const counts: PlanCounts = {
    rows: rows.length,
    ready: 0,
    warning: 0,
    error: 0,
    skip: 0,
    decide: 0,
    hasCard: 0,
    duplicates: 0,
    setup: 0,
    update: 0,
    otherNumbers: 0,
  };
  for (const row of rows) {
    counts[row.status]++;
    if (row.existing) counts.hasCard++;
    if (row.check.duplicateOf !== null) counts.duplicates++;
    if (row.action) counts[row.action]++;
    if (row.otherNumber) counts.otherNumbers++;
  }
  return counts;
}

export type StatusFilter = 'all' | 'ready' | 'warning' | 'error' | 'has-card' | 'duplicate';

export function matchesFilter(row: PlannedRow, filter: StatusFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'has-card':
      return row.existing !== null;
    case 'duplicate':
      return row.check.duplicateOf !== null;
    case 'ready':
    case 'warning':
    case 'error':
      return row.status === filter;
  }
}

/** Indexes (into the plan) of the rows a filter shows. */
export function filterPlan(rows: readonly PlannedRow[], filter: StatusFilter): number[] {
  const indexes: number[] = [];
  rows.forEach((row, index) => {
    if (matchesFilter(row, filter)) indexes.push(index);
  });
  return indexes;
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

function skippedRow(row: PlannedRow): ImportSkippedRow {
  const { check } = row;
  const reason = row.skipReason ?? 'excluded';
  const detail =
    reason === 'has-card' && row.note === NOTHING_TO_UPDATE_NOTE
      ? `${NOTHING_TO_UPDATE_NOTE}.`
      : reason === 'has-card' && row.existing
        ? `${existingCardText(row.existing)}: skipped.`
        : row.otherNumber === 'held-back'
          ? `${NOT_A_LINE_NOTE} "Include them anyway" was not checked: left out.`
          : reason === 'excluded'
            ? row.status === 'decide'
              ? 'Already has a card and no choice was made: left out.'
              : 'Its image could not be checked: left out.'
            : row.problems.join(' ');
  return {
    line: check.line,
    phoneNumber: clip(check.phoneNumber ?? check.phoneInput, 64),
    firstName: clip(check.firstName, 256),
    lastName: clip(check.lastName, 256),
    reason,
    detail: clip(detail || 'Left out.', 1000),
  };
}

function importRow(
  row: PlannedRow,
  action: 'setup' | 'update',
  lastNameColumn: boolean,
): ImportRow | null {
  const { check } = row;
  if (!check.phoneNumber) return null;
  const out: ImportRow = {
    line: check.line,
    action,
    phoneNumber: check.phoneNumber,
    firstName: check.firstName,
  };
  // An empty cell of a last-name column clears an existing card's last name, as emptying the
  // form's field does; a file without that column leaves the last names alone.
  if (check.lastName !== '' || (action === 'update' && lastNameColumn)) {
    out.lastName = check.lastName;
  }
  if (check.image?.kind === 'url') out.imageUrl = check.image.url;
  if (check.image?.kind === 'path') {
    // Only an image main has read and stored may go: never one it has not checked.
    if (!row.photo) return null;
    out.photo = row.photo;
  }
  return out;
}

/** Rows the plan imports with a local image main has not (yet) checked and stored. */
export function uncheckedImages(plan: readonly PlannedRow[]): number {
  let count = 0;
  for (const row of plan) {
    if (row.action && row.check.image?.kind === 'path' && !row.photo) count++;
  }
  return count;
}

export interface ImportRequestOptions {
  fileName: string;
  /** The import's id, the same for every retry of it (see ImportRequestSchema). */
  requestId: string;
  lastNameColumn: boolean;
}

/** The request for main: every row to import, and every other row with why it is left out. */
export function buildImportRequest(
  options: ImportRequestOptions,
  plan: readonly PlannedRow[],
): ImportRequest {
  const rows: ImportRow[] = [];
  const skipped: ImportSkippedRow[] = [];
  for (const row of plan) {
    const ready = row.action ? importRow(row, row.action, options.lastNameColumn) : null;
    if (ready) rows.push(ready);
    else skipped.push(skippedRow(row));
  }
  return {
    requestId: options.requestId,
    fileName: clip(options.fileName || 'Pasted rows', 255),
    rows,
    skipped,
  };
}
