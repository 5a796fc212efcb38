/**
 * Runs `work` over `items` with up to `window` calls in flight and yields the results in
 * input order. Local phases use it so that the disk (file reads, stats) works ahead while
 * the CPU parses: one await per file in a row would leave the process idle for most of a
 * 10,000-file scan. Results wait in order, so at most `window` of them are held at once
 * beyond the one being consumed.
 */
export async function* inOrder<T, R>(
  items: readonly T[],
  window: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<[T, R]> {
  const pending: (Promise<R> | undefined)[] = [];
  let started = 0;
  const startMore = (upTo: number): void => {
    while (started < items.length && started < upTo) {
      const promise = work(items[started] as T);
      // Awaited below in order; this only keeps an early failure from being "unhandled".
      promise.catch(() => {});
      pending[started++] = promise;
    }
  };
  for (let index = 0; index < items.length; index++) {
    startMore(index + Math.max(1, window));
    const result = await (pending[index] as Promise<R>);
    pending[index] = undefined;
    yield [items[index] as T, result];
  }
}
