/** A list as tall as its rows, up to about half the window: a short file leaves no empty box. */
export function listHeight(count: number, rowHeight: number): string {
  return `min(${Math.max(1, count) * rowHeight}px, 52vh, 448px)`;
}
