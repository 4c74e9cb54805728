// A bounded wait: quitting waits for work under way, but never longer than it may (a Linq call
// can take its full timeout, and the OS gives a shutting-down app only seconds).

/** True when `work` settles (resolved or rejected) within `ms`, false when the time ran out. */
export function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
}
