// Octopus's RPC retry layer ("Resilient Tentacle Communications", TC:RpcCallRetryPolicyBuilder.cs):
// retry an RPC that failed with a retryable transport error until durationMs have passed since the
// first attempt began, sleeping min(attempt, sleepMaxSteps) x sleepStepMs between attempts. Answers
// from the service (HTTP errors, bad replies) and aborts are never retried.
import { setTimeout as sleep } from "node:timers/promises";
import { RpcError } from "../../transport/index.ts";

export interface RetryPolicy {
  durationMs: number;
  sleepStepMs: number;
  sleepMaxSteps: number;
}

export interface RetryHooks {
  /** Called before each attempt after the first, with its 1-based number. */
  onRetry?: (attempt: number, previous: RpcError) => void;
  nowMs?: () => number;
  signal?: AbortSignal;
}

/** Sleep before attempt n + 1 after attempt n failed. */
export function retrySleepMs(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(failedAttempt, policy.sleepMaxSteps) * policy.sleepStepMs;
}

/** Runs attempt(1), attempt(2), ... until one succeeds, a failure is not retryable, or the next attempt would start past durationMs. */
export async function withRetries<T>(policy: RetryPolicy, attempt: (n: number) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  const now = hooks.nowMs ?? (() => performance.now());
  const startMs = now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof RpcError) || !error.retryable) throw error;
      const pauseMs = retrySleepMs(policy, n);
      if (now() - startMs + pauseMs >= policy.durationMs) throw error;
      try {
        await sleep(pauseMs, undefined, { signal: hooks.signal });
      } catch {
        throw error; // aborted while waiting: the last failure is the answer
      }
      hooks.onRetry?.(n + 1, error);
    }
  }
}
