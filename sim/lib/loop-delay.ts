// This process's event-loop delay, measured as the lateness of a 20 ms timer (perf_hooks'
// monitorEventLoopDelay misses a long synchronous stall on Node 24: a 300 ms block read as 10 ms).
// take() returns the p99 and max since the previous take and starts over.

import { quantileSorted, sortedNumbers } from "../contracts/index.ts";

/** Timer period, ms: small enough to see a 50 ms stall, cheap (50 wake-ups per second). */
const TICK_MS = 20;

export interface LoopDelay {
  /** p99 and max lateness since the previous take (the tick still pending included), ms. */
  take(): { p99Ms: number; maxMs: number; count: number } | null;
  stop(): void;
}

export function monitorLoopDelay(): LoopDelay {
  let samples: number[] = [];
  let expected = performance.now() + TICK_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    samples.push(Math.max(0, now - expected));
    expected = now + TICK_MS;
  }, TICK_MS);
  timer.unref();
  return {
    take() {
      // a stall still in progress shows as the lateness of the tick that has not run yet
      const pending = Math.max(0, performance.now() - expected);
      const all = sortedNumbers([...samples, pending]);
      samples = [];
      return { p99Ms: quantileSorted(all, 0.99)!, maxMs: all[all.length - 1]!, count: all.length };
    },
    stop: () => clearInterval(timer),
  };
}
