// Upload progress comes per chunk; the window needs a few updates a second, and the last one.
const PROGRESS_EVERY_MS = 100;

/** Passes upload progress on at most every 100 ms per item, and always its end. */
export function createProgressThrottle(
  emit: (payload: { itemId: number; sentBytes: number; totalBytes: number }) => void,
): (itemId: number, sentBytes: number, totalBytes: number) => void {
  const last = new Map<number, number>();
  return (itemId, sentBytes, totalBytes) => {
    const now = Date.now();
    const done = sentBytes >= totalBytes;
    if (!done && now - (last.get(itemId) ?? 0) < PROGRESS_EVERY_MS) return;
    if (done) last.delete(itemId);
    else last.set(itemId, now);
    emit({ itemId, sentBytes, totalBytes });
  };
}
