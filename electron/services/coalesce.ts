// Turns a burst of "something changed" into few notifications: the first runs at once, the
// rest at most every `everyMs` while changes keep coming, and the last one is never lost.
// A fast outbox drain or a sync changes hundreds of rows a second; the renderer needs a few
// updates a second, not one per row.

export interface Coalescer {
  (): void;
  /** Drops a pending notification (closing). */
  cancel(): void;
}

export function createCoalescer(everyMs: number, emit: () => void): Coalescer {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  function flush(): void {
    timer = undefined;
    if (!pending) return;
    pending = false;
    emit();
    timer = setTimeout(flush, everyMs);
    timer.unref?.();
  }
  const notify = () => {
    if (timer) {
      pending = true;
      return;
    }
    emit();
    timer = setTimeout(flush, everyMs);
    timer.unref?.();
  };
  notify.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
    pending = false;
  };
  return notify;
}
