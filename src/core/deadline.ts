/**
 * The outcome of `work`, or a rejection with `onTimeout()`'s error once `ms` have passed.
 * The timer is cleared when the work settles and never keeps the process alive; a late
 * rejection of the abandoned work is swallowed.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, ms));
    timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
