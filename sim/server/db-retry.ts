// Retries a database operation through errors (connection refused or reset, no pool connection within
// the acquire timeout, a statement cut off mid-flight): jittered exponential backoff, bounded in time,
// and no further attempt once `stop` fires. Only for operations safe to repeat after an unknown outcome:
// reads, and task writes fenced by version or row lock (a repeat finds the row moved on and writes nothing).
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

export interface DbRetryPolicy {
  /** No attempt starts later than this after the first one (0 = a single attempt). */
  retryForMs: number;
  /** Pause after the first failed attempt; doubled after each further one, up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const NO_DB_RETRY: DbRetryPolicy = { retryForMs: 0, initialDelayMs: 0, maxDelayMs: 0 };

export interface DbRetryOptions {
  /** Stops retrying (the attempt in flight completes; its error is rethrown). */
  stop?: AbortSignal;
  /** Called after each failed attempt (1-based), saying whether another one follows. */
  onError?: (error: unknown, attempt: number, willRetry: boolean) => void;
}

/** Resolves with fn's first success; rejects with the last error once the bound or `stop` ends the retries. */
export async function retryDb<T>(policy: DbRetryPolicy, fn: () => Promise<T>, options: DbRetryOptions = {}): Promise<T> {
  const startMs = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const delayMs = backoffMs(policy, attempt);
      const willRetry = !options.stop?.aborted && performance.now() - startMs + delayMs <= policy.retryForMs;
      options.onError?.(error, attempt, willRetry);
      if (!willRetry) throw error;
      await sleep(delayMs, undefined, { signal: options.stop }).catch(() => {
        throw error; // stopped while waiting: the last attempt's error stands
      });
    }
  }
}

/** The pause after failed attempt n: a uniform draw from the upper half of the doubled, capped delay (so many tasks do not retry in step). */
export function backoffMs(policy: DbRetryPolicy, attempt: number): number {
  const capMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  return capMs / 2 + Math.random() * (capMs / 2);
}
