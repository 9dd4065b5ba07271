// Test helper: a Clock whose time moves only when the test says so. advance(ms) runs every timer that
// falls due in order, letting promise chains settle (a few event-loop turns) before and after each one,
// so code that awaits between timers schedules its next timer before time moves on.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Clock } from "../contracts/index.ts";

export interface FakeClock extends Clock {
  /** Moves time forward by ms, running due timers in time order. */
  advance(ms: number): Promise<void>;
  /** Timers set and not yet run or cleared. */
  pending(): number;
}

interface Timer {
  atMs: number;
  seq: number;
  fn: () => void;
}

export function makeFakeClock(startMs = 1_700_000_000_000): FakeClock {
  let now = startMs;
  let seq = 0;
  const timers = new Set<Timer>();
  const settle = async () => {
    for (let i = 0; i < 5; i++) await nextTurn();
  };
  return {
    nowMs: () => now,
    setTimer(fn, delayMs) {
      const timer: Timer = { atMs: now + Math.max(0, delayMs), seq: seq++, fn };
      timers.add(timer);
      return timer;
    },
    clearTimer: (timer) => void timers.delete(timer as Timer),
    pending: () => timers.size,
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        const due = [...timers].filter((t) => t.atMs <= target).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
        if (!due) break;
        timers.delete(due);
        now = due.atMs;
        due.fn();
        await settle();
      }
      now = target;
      await settle();
    },
  };
}
