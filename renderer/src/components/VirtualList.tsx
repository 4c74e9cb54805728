// A single-select list that stays fast at 100,000 rows: only the rows in view (plus a few
// either side) exist in the DOM, placed absolutely inside a spacer as tall as the whole list,
// so the scrollbar is true. Nothing here loops over `count`; each render costs the window.
// Screen readers still hear the real size through aria-setsize/aria-posinset, and the list is
// driven from the keyboard like a native listbox, with the selection following the arrow keys.
import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
import { flushSync } from 'react-dom';

export interface VirtualListProps {
  /** Total rows. */
  count: number;
  /** Fixed height of every row, px. */
  rowHeight: number;
  /** Height of the viewport (CSS); by default it fills its parent, which needs a height. */
  height?: number | string;
  /** Rows rendered above and below the visible ones; default 8. */
  overscan?: number;
  /**
   * The row's content, which names the option for screen readers: keep it non-interactive (no
   * buttons inside an option), and give a placeholder shown while data loads some text, such
   * as a visually hidden "Loading…", or the option has no name.
   */
  renderRow: (index: number) => ReactNode;
  /** The rendered range (visible rows plus overscan), whenever it changes: fetch these. */
  onVisibleRangeChange?: (first: number, last: number) => void;
  selectedIndex: number | null;
  onSelect: (index: number) => void;
  /** Accessible name of the list. */
  label: string;
  /** DOM id of a row, unique in the page, for aria-activedescendant. */
  getRowId: (index: number) => string;
}

const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End']);

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

export function VirtualList({
  count,
  rowHeight,
  height = '100%',
  overscan = 8,
  renderRow,
  onVisibleRangeChange,
  selectedIndex,
  onSelect,
  label,
  getRowId,
}: VirtualListProps) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<number | null>(null);
  // The first row in view rather than the raw scrollTop: scrolling within a row changes
  // nothing in the output, so React bails out and the list re-renders only when a row edge
  // is crossed (at most once per animation frame, see onScroll).
  const [topRow, setTopRow] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);

  const rowsInView = Math.max(1, Math.ceil(viewportHeight / rowHeight));
  const first = clamp(topRow - overscan, 0, Math.max(0, count - 1));
  const last = clamp(topRow + rowsInView + overscan, 0, count - 1);
  const hasSelection = selectedIndex !== null && selectedIndex >= 0 && selectedIndex < count;

  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const observer = new ResizeObserver(() => setViewportHeight(viewport.clientHeight));
    observer.observe(viewport);
    return () => observer.disconnect();
  }, []);

  useEffect(() => () => cancelFrame(frameRef), []);

  const reportRange = useEffectEvent((from: number, to: number) => {
    onVisibleRangeChange?.(from, to);
  });
  useEffect(() => {
    if (count > 0) reportRange(first, last);
  }, [count, first, last]);

  // Keeps the selected row in view whenever the selection changes, by the keyboard or by the
  // owner (a new search selecting its first result); not when only `count` changes, so a card
  // arriving does not pull a list the user scrolled away back to the selection.
  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || selectedIndex === null || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    const bottom = top + rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (bottom > viewport.scrollTop + viewport.clientHeight) {
      viewport.scrollTop = bottom - viewport.clientHeight;
    } else return;
    // Moves the window now, before paint: waiting for the scroll event would show a frame of
    // empty rows around the selection after a jump (End, PageDown).
    setTopRow(Math.floor(viewport.scrollTop / rowHeight));
  }, [selectedIndex, rowHeight]);

  function onScroll(): void {
    if (frameRef.current !== null) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = null;
      const viewport = viewportRef.current;
      if (!viewport) return;
      // Rendered in this frame, before paint: a state update outside an event would otherwise
      // be scheduled after it, and fast scrolling would show empty rows for a frame.
      flushSync(() => setTopRow(Math.floor(viewport.scrollTop / rowHeight)));
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (count === 0 || event.altKey || event.metaKey) return;
    if (event.ctrlKey && event.key !== 'Home' && event.key !== 'End') return;
    const current = hasSelection ? selectedIndex : null;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(current ?? clamp(topRow, 0, count - 1));
      return;
    }
    if (!NAVIGATION_KEYS.has(event.key)) return;
    // The browser would scroll the viewport itself on these keys; the selection does it here.
    event.preventDefault();
    const page = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const from = current ?? -1;
    const next = {
      ArrowDown: from + 1,
      ArrowUp: current === null ? 0 : from - 1,
      PageDown: current === null ? page : from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    }[event.key];
    if (next !== undefined) onSelect(clamp(next, 0, count - 1));
  }

  function onClick(event: MouseEvent<HTMLDivElement>): void {
    const row = (event.target as Element).closest<HTMLElement>('[data-index]');
    if (row && event.currentTarget.contains(row)) onSelect(Number(row.dataset.index));
  }

  const indexes: number[] = [];
  // The selected row is rendered even when scrolled out of the window, so that
  // aria-activedescendant always names an element that exists.
  if (hasSelection && selectedIndex < first) indexes.push(selectedIndex);
  for (let index = first; index <= last; index++) indexes.push(index);
  if (hasSelection && selectedIndex > last) indexes.push(selectedIndex);

  return (
    <div
      ref={viewportRef}
      className="virtual-list"
      role="listbox"
      aria-label={label}
      aria-activedescendant={hasSelection ? getRowId(selectedIndex) : undefined}
      tabIndex={0}
      style={{ height }}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onClick={onClick}
    >
      {/* Browsers cap an element's height (about 33 million px in Chromium): enough for
          700,000 rows of 48 px. */}
      <div
        className="virtual-list-spacer"
        role="presentation"
        style={{ height: count * rowHeight }}
      >
        {indexes.map((index) => (
          <div
            key={index}
            id={getRowId(index)}
            className="virtual-list-row"
            role="option"
            aria-selected={index === selectedIndex}
            aria-setsize={count}
            aria-posinset={index + 1}
            data-index={index}
            style={{ height: rowHeight, transform: `translateY(${index * rowHeight}px)` }}
          >
            {renderRow(index)}
          </div>
        ))}
      </div>
    </div>
  );
}

function cancelFrame(frameRef: { current: number | null }): void {
  if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
  frameRef.current = null;
}
