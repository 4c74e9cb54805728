// Names from a file are cleaned the way the form's rule cleans what is typed (trimmed), and
// additionally have runs of spaces, tabs and line breaks made into one space: a quoted cell
// can hold a line break, which a name on a contact card must not.

export interface CleanedName {
  value: string;
  /** What was changed, so the preview can say so. */
  change: 'none' | 'spaces' | 'line-breaks';
}

export function cleanName(cell: string): CleanedName {
  const value = cell.trim().replace(/\s+/g, ' ');
  if (value === cell) return { value, change: 'none' };
  return { value, change: /[\r\n]/.test(cell.trim()) ? 'line-breaks' : 'spaces' };
}
