// The run sees its own harness saturate: a real shortened smoke column whose fleet process burns its
// event loop on purpose (sim/testing/fleet-burn.mjs through NODE_OPTIONS) must come out "measurement
// invalid" naming fleet-1 (its core saturated, or its answers late when the machine starves it), exit 1, and print one `run --json` result that conforms to its schema; its
// summary carries the run's provenance and junit.xml a failed measurement-validity case.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import { checkJson, CLI_RESULT_SCHEMAS, type RunResultJson, type RunSummary } from "../contracts/index.ts";
import { spawnCli } from "../testing/cli.ts";
import { newMarker, processesWithMarker } from "../testing/leaks.ts";

const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-saturation-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));
const BURN = fileURLToPath(new URL("../testing/fleet-burn.mjs", import.meta.url));

describe("measurement validity, end to end", () => {
  it("marks a column whose fleet saturated as measurement invalid", { timeout: 300_000 }, async () => {
    const marker = newMarker();
    const cli = spawnCli([
      "run", "smoke", "--strategy", "optimistic", "--reports-dir", reportsDir, "--postgres", inject("pgAdminUrl"), "--json",
      "--set", 'load.stages=[{"rateRps":2,"durationS":25}]', "--set", "faults=[]", "--set", "drain.timeoutS=30",
    ], marker, { NODE_OPTIONS: `--import=${BURN}` });
    const code = await cli.exited;
    expect(processesWithMarker(marker)).toEqual([]);
    const result = JSON.parse(cli.stdout()) as RunResultJson;
    expect(checkJson(CLI_RESULT_SCHEMAS.run, result), cli.output()).toEqual([]);
    expect(result).toMatchObject({ command: "run", scenario: "smoke", exitCode: 1, columns: ["optimistic"], invalidColumns: ["optimistic"], repeats: 1 });
    expect(code).toBe(1);

    const summary = JSON.parse(fs.readFileSync(result.files.summary, "utf8")) as RunSummary;
    const validity = summary.strategies.optimistic!.validity!;
    console.log(`saturated fleet: ${JSON.stringify(validity.reasons)}; fleet-1 ${JSON.stringify(validity.monitors.parts["fleet-1"])}`);
    expect(validity.valid).toBe(false);
    // on a quiet machine the burn takes a core; on a loaded one the fleet is starved of CPU instead: either way it answers late
    expect(validity.reasons.some((r) => /^fleet-1 (saturated its core|answered a health RPC 250 ms or later)/.test(r))).toBe(true);
    expect(summary.verdict.reasons[0]).toMatch(/^measurement invalid: optimistic: .*fleet-1 (saturated its core|answered a health RPC)/);
    expect(summary.provenance).toMatchObject({ node: process.version, postgres: { source: "url", version: expect.stringMatching(/^\d+/) }, tools: { k6: "v2.2.0", toxiproxy: "v2.12.0" }, placement: { kind: "local" } });
    expect(summary.provenance!.loadAverage.end).toHaveLength(3);
    expect(fs.readFileSync(result.files.junit, "utf8")).toMatch(/name="measurement validity" time="[\d.]+">\s*<failure message="measurement invalid: [^"]*fleet-1 /);
    expect(fs.readFileSync(result.files.report, "utf8")).toContain("**optimistic: measurement invalid:");
  });
});
