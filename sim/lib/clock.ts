// The real clock: Date.now and Node's timers behind the Clock interface (sim/contracts/clock.ts).
import type { Clock, ClockTimer } from "../contracts/index.ts";

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  setTimer: (fn, delayMs) => setTimeout(fn, Math.max(0, delayMs)),
  clearTimer: (timer: ClockTimer) => clearTimeout(timer as NodeJS.Timeout),
};
