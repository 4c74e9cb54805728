// Which separator a delimited text uses, judged from its first lines the way a person would:
// the character that splits every line into the same number of pieces. Characters inside
// quotes do not count, so "Smith, Jr." in a semicolon file does not make it a comma file.

export type Delimiter = ',' | ';' | '\t';

const CANDIDATES: readonly Delimiter[] = [',', ';', '\t'];
const SAMPLE_LINES = 20;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The count of each candidate outside quotes, per non-empty line, for the first lines. */
function countPerLine(text: string, start: number): number[][] {
  const codes = CANDIDATES.map((delimiter) => delimiter.charCodeAt(0));
  const lines: number[][] = [];
  let counts = [0, 0, 0];
  let lineHasText = false;
  let inQuotes = false;
  for (let i = start; i < text.length && lines.length < SAMPLE_LINES; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // A doubled quote inside a quoted field flips twice: no change, as it should be.
      inQuotes = !inQuotes;
      lineHasText = true;
    } else if (!inQuotes && (code === LF || code === CR)) {
      if (lineHasText) lines.push(counts);
      counts = [0, 0, 0];
      lineHasText = false;
    } else if (!inQuotes) {
      const which = codes.indexOf(code);
      if (which >= 0) counts[which]!++;
      else if (code !== 32) lineHasText = true;
    }
  }
  if (lineHasText && lines.length < SAMPLE_LINES) lines.push(counts);
  return lines;
}

/**
 * The candidate whose count per line is the most consistent (ties: the larger count, then
 * comma before semicolon before tab); a comma when no line has any (a single column).
 */
export function detectDelimiter(text: string, start = 0): Delimiter {
  const lines = countPerLine(text, start);
  let best: Delimiter = ',';
  let bestScore = [0, 0];
  CANDIDATES.forEach((delimiter, which) => {
    const counts = lines.map((line) => line[which]!);
    const frequency = new Map<number, number>();
    for (const count of counts) {
      if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    }
    let mode = 0;
    let modeLines = 0;
    for (const [count, times] of frequency) {
      if (times > modeLines || (times === modeLines && count > mode)) {
        mode = count;
        modeLines = times;
      }
    }
    if (mode === 0) return;
    const score = [modeLines / lines.length, mode];
    if (score[0]! > bestScore[0]! || (score[0] === bestScore[0] && score[1]! > bestScore[1]!)) {
      best = delimiter;
      bestScore = score;
    }
  });
  return best;
}
