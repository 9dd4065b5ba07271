// Where a run is and how long it has left: column k of n, repeat i of N, and an ETA from the columns
// done so far (their mean wall time), or from the scenario's own length before the first is done.
import { loadDurationS } from "../contracts/index.ts";
import type { ScenarioSpec } from "../scenario/index.ts";

export interface RunPosition {
  column: number;
  columns: number;
  repeat: number;
  repeats: number;
}

/** A column's wall time before any has run: setup, the load, half the drain bound, teardown, ms. */
export function columnEstimateMs(spec: Pick<ScenarioSpec, "load" | "drain">): number {
  const loadS = loadDurationS(spec.load.stages);
  return (30 + loadS + spec.drain.timeoutS / 2 + 10) * 1000;
}

export function makeEta(estimateMs: number, nowMs: () => number = Date.now) {
  const done: number[] = [];
  let started: number | undefined;
  let pos: RunPosition = { column: 1, columns: 1, repeat: 1, repeats: 1 };
  return {
    /** A new position; with a column, that column starts (and the one before, if any, is done). */
    start(next: Partial<RunPosition>): void {
      if (next.column !== undefined) {
        if (started !== undefined) done.push(nowMs() - started);
        started = nowMs();
      }
      pos = { ...pos, ...next };
    },
    position: (): RunPosition => pos,
    /** Time left, ms: the rest of this column and every column after it. */
    remainingMs(): number {
      const per = done.length ? done.reduce((a, b) => a + b, 0) / done.length : estimateMs;
      const after = (pos.repeats - pos.repeat) * pos.columns + (pos.columns - pos.column);
      const inThis = started === undefined ? per : Math.max(0, per - (nowMs() - started));
      return inThis + after * per;
    },
  };
}
export type Eta = ReturnType<typeof makeEta>;

/** "column 2/3 · repeat 1/5 · ETA 12m05s" (repeat shown only when there are several). */
export function positionText(p: RunPosition, remainingMs: number): string {
  const s = Math.round(remainingMs / 1000);
  const eta = s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return [`column ${p.column}/${p.columns}`, ...(p.repeats > 1 ? [`repeat ${p.repeat}/${p.repeats}`] : []), `ETA ${eta}`].join(" · ");
}
