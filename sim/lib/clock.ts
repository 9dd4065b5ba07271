// The real clock: Date.now and Node's timers behind the Clock interface (sim/contracts/clock.ts); and
// this host's clock as a process sees it, which an agent may skew for a test (CLOCK_SKEW_ENV).
import { CLOCK_SKEW_ENV, type Clock, type ClockTimer } from "../contracts/index.ts";

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  setTimer: (fn, delayMs) => setTimeout(fn, Math.max(0, delayMs)),
  clearTimer: (timer: ClockTimer) => clearTimeout(timer as NodeJS.Timeout),
};

/** The system clock shifted by the host's skew (CLOCK_SKEW_ENV, integer ms; absent = none). */
export function hostClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = env[CLOCK_SKEW_ENV];
  if (raw === undefined || raw === "") return systemClock;
  const skewMs = Number(raw);
  if (!Number.isSafeInteger(skewMs)) throw new Error(`${CLOCK_SKEW_ENV}: got ${JSON.stringify(raw)}, expected an integer number of ms`);
  return { ...systemClock, nowMs: () => Date.now() + skewMs };
}
