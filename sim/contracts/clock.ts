// The clock that schedules inject (STYLE rule 8): the fault timeline and the fleet's schedules read time
// and set timers only through it, so tests drive them with a fake clock (sim/testing/fake-clock.ts).

/** A timer set by a Clock; pass it back to clearTimer. */
export type ClockTimer = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  /** Calls `fn` once after `delayMs` (a negative delay runs it as soon as possible). */
  setTimer(fn: () => void, delayMs: number): ClockTimer;
  clearTimer(timer: ClockTimer): void;
}
