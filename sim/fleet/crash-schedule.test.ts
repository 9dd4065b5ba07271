// The crash schedule on a fake clock: a crashing behaviour takes its tentacle down at seeded
// exponential intervals and back up downMs later, the same times for the same seed; tentacles without
// a crash behaviour get no timer; stop() cancels everything pending.
import { describe, expect, it } from "vitest";
import type { TentacleBehaviour } from "../contracts/index.ts";
import { makeFakeClock } from "../testing/fake-clock.ts";
import { scheduleCrashes, type Crashable } from "./crash-schedule.ts";

const calm: TentacleBehaviour = { scriptDurationMs: { min: 0, max: 0 }, scriptFailureRate: 0 };
const crashy: TentacleBehaviour = { ...calm, crash: { meanIntervalMs: 10_000, downMs: 2_000 } };

function tentacle(id: string, behaviour: TentacleBehaviour, clock: { nowMs(): number }, log: string[]): Crashable {
  return { id, behaviour, crash: () => log.push(`${clock.nowMs()} ${id} down`), restart: () => log.push(`${clock.nowMs()} ${id} up`) };
}

async function crashLog(seed: number, untilMs: number): Promise<string[]> {
  const clock = makeFakeClock(0);
  const log: string[] = [];
  const schedule = scheduleCrashes(seed, [tentacle("a", crashy, clock, log), tentacle("b", calm, clock, log)], clock);
  expect(clock.pending()).toBe(1); // only the crashing tentacle has a timer
  await clock.advance(untilMs);
  schedule.stop();
  expect(clock.pending()).toBe(0);
  return log;
}

describe("crash schedule", () => {
  it("crashes at seeded times, restarts downMs later, and replays the same times for the same seed", async () => {
    const log = await crashLog(7, 120_000);
    expect(log.length).toBeGreaterThanOrEqual(4);
    const times = log.map((line) => ({ ms: Number(line.split(" ")[0]), up: line.endsWith("up") }));
    times.forEach((t, i) => expect(t.up).toBe(i % 2 === 1)); // down, up, down, up...
    for (let i = 1; i < times.length; i += 2) expect(times[i]!.ms - times[i - 1]!.ms).toBe(2_000);
    expect(log.every((line) => line.includes(" a "))).toBe(true);
    expect(await crashLog(7, 120_000)).toEqual(log);
    expect(await crashLog(8, 120_000)).not.toEqual(log);
  });
});
