// Words (and colours) for what the import does with a row, the same on every step.
import { usePhoneFormatter } from '../../../lib/phone-rules.ts';
import type { ImportKind } from '../../../../../shared/import.rules.ts';
import type { PlannedRow, PlannedStatus, StatusFilter } from './import-plan.ts';

export const PLANNED_LABELS: Record<PlannedStatus, { text: string; tone: string }> = {
  ready: { text: 'Ready', tone: 'success' },
  warning: { text: 'Warning', tone: 'warning' },
  error: { text: 'Error: left out', tone: 'danger' },
  skip: { text: 'Skipped: has a card', tone: 'neutral' },
  decide: { text: 'Your choice needed', tone: 'accent' },
};

export const FILTER_LABELS: Record<StatusFilter, string> = {
  all: 'All rows',
  ready: 'Ready',
  warning: 'With warnings',
  error: 'With errors',
  'has-card': 'Already have a card',
  duplicate: 'Duplicate numbers',
};

/** The image cell in a few words: the address's host, or the file's name. */
export function imageText(row: PlannedRow): string {
  const image = row.check.image;
  if (!image) return '';
  if (image.kind === 'url') {
    try {
      return new URL(image.url).host;
    } catch {
      return image.url;
    }
  }
  return image.path.split(/[\\/]/).pop() ?? image.path;
}

/** A number in E.164 form ("+14155550133"), nothing else: what the formatter may rewrite. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Numbers as people read them ("+1 415 555 0133"), on every step; the data and the CSV
 * export keep E.164. Anything else (a cell that is not a valid number) is shown as typed.
 */
export function useNumberText(): (value: string) => string {
  const format = usePhoneFormatter();
  return (value) => (E164.test(value) ? format(value) : value);
}

/** The summary's heading: an undo's or a restore's summary is not an "import summary". */
export const SUMMARY_TITLES: Record<ImportKind, string> = {
  file: 'Import summary',
  undo: 'Undo summary',
  restore: 'Restore summary',
};
