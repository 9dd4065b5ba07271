// The fault timeline on a fake clock (no waiting, no network): each window opens at loadStart + atS
// and closes forS after it was applied, to the millisecond; steps not yet due when healAll runs never
// open; an open window is closed by healAll at the clock's time. Faults are `noop`s, so only the
// schedule is under test (the real toxics are in timeline.test.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { FaultWindowValue, HistoryOp } from "../contracts/index.ts";
import { readHistory } from "../history/reader.ts";
import { makeRecorder } from "../history/recorder.ts";
import { makeFakeClock } from "../testing/fake-clock.ts";
import { runTimeline, type TimelineStep } from "./index.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const targets = { proxyNames: [], processNames: [], description: "nothing" };
const step = (atS: number, forS: number): TimelineStep => ({ atS, forS, kind: "noop", targets, attributes: {}, stream: "downstream", toxicity: 1 });
const toxiproxy = { call: async () => { throw new Error("a noop timeline never calls toxiproxy"); }, resetAll: async () => {} };

function setUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-timeline-clock-"));
  dirs.push(dir);
  const clock = makeFakeClock();
  const file = path.join(dir, "faults.ndjson");
  const recorder = makeRecorder(file, "faults", { nowMs: clock.nowMs });
  const loadStartMs = clock.nowMs();
  const windows = async () => {
    await recorder.flush();
    return (await readHistory(file)).map((op: HistoryOp) => ({ type: op.type, atMs: op.time - loadStartMs, plannedAtMs: (op.value as FaultWindowValue).plannedAtMs! - loadStartMs }));
  };
  return { clock, recorder, loadStartMs, windows };
}

describe("fault timeline on a fake clock", () => {
  it("opens each window at loadStart + atS and closes it forS later, to the millisecond", async () => {
    const { clock, recorder, loadStartMs, windows } = setUp();
    const timeline = runTimeline([step(10, 5), step(2, 1)], { toxiproxy }, recorder, loadStartMs, clock);
    await clock.advance(1_999);
    expect(await windows()).toEqual([]);
    expect(timeline.activeCount()).toBe(0);
    await clock.advance(1);
    expect(await windows()).toEqual([{ type: "invoke", atMs: 2_000, plannedAtMs: 2_000 }]);
    expect(timeline.activeCount()).toBe(1);
    await clock.advance(1_000);
    expect(timeline.activeCount()).toBe(0);
    await clock.advance(12_000);
    expect(await windows()).toEqual([
      { type: "invoke", atMs: 2_000, plannedAtMs: 2_000 },
      { type: "ok", atMs: 3_000, plannedAtMs: 2_000 },
      { type: "invoke", atMs: 10_000, plannedAtMs: 10_000 },
      { type: "ok", atMs: 15_000, plannedAtMs: 10_000 },
    ]);
    await timeline.finished;
    expect(clock.pending()).toBe(0);
    await recorder.close();
  });

  it("healAll closes the open window at the clock's time and cancels the steps not yet due", async () => {
    const { clock, recorder, loadStartMs, windows } = setUp();
    const timeline = runTimeline([step(1, 60), step(30, 5)], { toxiproxy }, recorder, loadStartMs, clock);
    await clock.advance(4_000);
    expect(timeline.activeCount()).toBe(1);
    expect(await timeline.healAll()).toEqual([]);
    await timeline.finished;
    expect(clock.pending()).toBe(0);
    await clock.advance(60_000);
    const seen = await windows();
    expect(seen).toEqual([{ type: "invoke", atMs: 1_000, plannedAtMs: 1_000 }, { type: "ok", atMs: 4_000, plannedAtMs: 1_000 }]);
    await recorder.close();
  });
});
