/** Rejects when `work` has not settled within `ms`: for calls to a dependency that may be down. */
export function withTimeout<T>(work: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits for `work` (if any) to settle, for at most `ms`: a failure and the time running out end the
 * wait alike. For shutdown, where nothing is left to do about either.
 */
export async function waitAtMost(work: Promise<unknown> | undefined, ms: number, what = 'operation'): Promise<void> {
  if (work) await withTimeout(work, ms, what).catch(() => undefined);
}
