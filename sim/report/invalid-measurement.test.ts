// A column whose harness saturated fails the verdict with "measurement invalid: <why>" by default; with
// --invalid-measurement warn (a machine known to be shared, the test suite) it is reported in the
// summary, junit.xml and report.md, and the verdict stands on everything else.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { handMadeInput } from "../testing/hand-made-run.ts";
import type { StrategyRunInput } from "./summary.ts";
import type { HarnessSamples } from "./validity/digest.ts";
import { writeReport } from "./write-report.ts";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** The optimistic column of the hand-made run, its fleet at a full core for 30 s of its load. */
function saturated(): StrategyRunInput[] {
  const input = handMadeInput();
  const optimistic = input.strategies.find((s) => s.name === "optimistic")!;
  const t = (i: number) => optimistic.loadStartMs + i * 1000;
  const harness: HarnessSamples = {
    roundsMs: Array.from({ length: 30 }, (_, i) => t(i)), conductorLoopP99S: [], conductorLoopMaxS: [], machineBusy: [], loopLagP99S: {},
    partCpuS: { "fleet-1": Array.from({ length: 30 }, (_, i) => ({ timeMs: t(i), value: i })) },
  };
  return [{ ...optimistic, scrape: { series: {}, totals: {}, harness } }];
}

describe("an invalid measurement in the verdict", () => {
  it("fails the verdict by default, and only warns when told to", async () => {
    const dir = await mkdtemp(join(tmpdir(), "taskstorm-invalid-"));
    dirs.push(dir);
    const failed = await writeReport(join(dir, "fail"), { ...handMadeInput(), strategies: saturated() });
    expect(failed.summary.verdict).toEqual({ ok: false, reasons: [expect.stringMatching(/^measurement invalid: optimistic: fleet-1 saturated its core/)] });

    const warned = await writeReport(join(dir, "warn"), { ...handMadeInput(), strategies: saturated(), invalidMeasurement: "warn" });
    expect(warned.summary.verdict).toEqual({ ok: true, reasons: [] });
    expect(warned.summary.invalidMeasurement).toBe("warn");
    expect(warned.summary.strategies.optimistic!.validity!.valid).toBe(false);
    expect(await readFile(warned.junitPath, "utf8")).toMatch(/name="measurement validity" time="[\d.]+">\s*<failure/);
    expect(await readFile(warned.reportPath, "utf8")).toMatch(/\*\*optimistic: measurement invalid: fleet-1 saturated its core/);
  });
});
