// --json on report and compare (run's is held to its schema by the saturation e2e test): stdout gets
// exactly one JSON object, and it conforms to its schema in contracts/cli-results.ts; a failure prints
// the error result instead. Called in process on a synthetic run folder: nothing is started.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkJson, CLI_RESULT_SCHEMAS, type RunSummary } from "../contracts/index.ts";
import { writeSyntheticRunFolder } from "../testing/synthetic-folder.ts";
import { validateResultJson } from "./json-result.ts";
import { main } from "./main.ts";

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-json-"));
  await writeSyntheticRunFolder(path.join(dir, "a"), { strategies: ["pessimistic", "optimistic"], durationS: 40, tasksPerS: 3, nodes: 3 });
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in process; returns its exit code, stdout and stderr apart. */
async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe("--json results", () => {
  it("report --json prints one ReportResultJson", { timeout: 60_000 }, async () => {
    const r = await cli(["report", path.join(dir, "a"), "--json"]);
    const result = JSON.parse(r.stdout);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(checkJson(CLI_RESULT_SCHEMAS.report, result)).toEqual([]);
    expect(result).toMatchObject({ command: "report", exitCode: r.code, runDir: path.join(dir, "a"), invalidColumns: [], failedColumns: [] });
  });

  it("report --json lists a column without figures in failedColumns", { timeout: 60_000 }, async () => {
    const b = path.join(dir, "b");
    await writeSyntheticRunFolder(b, { strategies: ["pessimistic", "optimistic"], durationS: 40, tasksPerS: 3, nodes: 3 });
    fs.rmSync(path.join(b, "optimistic", "history.ndjson"));
    const r = await cli(["report", b, "--json"]);
    const result = JSON.parse(r.stdout);
    expect(checkJson(CLI_RESULT_SCHEMAS.report, result)).toEqual([]);
    expect(result).toMatchObject({ exitCode: 1, failedColumns: [{ strategy: "optimistic", kind: "evidence", message: "history.ndjson is missing" }] });
  });

  it("compare --json prints one CompareResultJson, saying when timing was not judged across machines", { timeout: 60_000 }, async () => {
    const a = path.join(dir, "a", "summary.json");
    const summary = JSON.parse(fs.readFileSync(a, "utf8")) as RunSummary;
    const machine = { cpuModel: "X", cpus: 2, memoryBytes: 2 ** 34, kernel: "6", arch: "x64" };
    const prov = { taskstorm: { version: "0.1.0", commit: null }, node: "v24.0.0", postgres: { version: "18.1", source: "embedded" }, tools: { k6: "v2.2.0", toxiproxy: "v2.12.0" }, machine, loadAverage: { start: [0, 0, 0], end: [0, 0, 0] }, placement: { kind: "local" } };
    fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify({ ...summary, provenance: prov }));
    fs.writeFileSync(path.join(dir, "cand.json"), JSON.stringify({ ...summary, provenance: { ...prov, machine: { ...machine, cpus: 16 } } }));
    const r = await cli(["compare", path.join(dir, "base.json"), path.join(dir, "cand.json"), "--json"]);
    const result = JSON.parse(r.stdout);
    expect(checkJson(CLI_RESULT_SCHEMAS.compare, result)).toEqual([]);
    expect(result).toMatchObject({ command: "compare", exitCode: 0, timingJudged: false, provenanceDifferences: ["CPU count: 2 (baseline) vs 16 (this run)"], regressions: [] });
    const allowed = JSON.parse((await cli(["compare", path.join(dir, "base.json"), path.join(dir, "cand.json"), "--json", "--allow-different-machines"])).stdout);
    expect(allowed.timingJudged).toBe(true);
  });

  it("prints an ErrorResultJson when the command fails", async () => {
    const r = await cli(["compare", "nope.json", "--json"]);
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout);
    expect(checkJson(CLI_RESULT_SCHEMAS.error, result)).toEqual([]);
    expect(result).toMatchObject({ command: "compare", exitCode: 2, error: { kind: "invalid-argument" } });
  });

  it("validate's problems are split into the field and what was wrong", () => {
    const result = validateResultJson("s.ts", [
      "faults.2.atS: got 400, expected < 30", "--strategy: got \"x\", expected a column", "(file): syntax error: s.ts:1:2: ERROR: x",
      "fleet.listening + fleet.polling: got 70000, expected at most 65534", "scenario s.ts: no field here",
    ], 2);
    expect(checkJson(CLI_RESULT_SCHEMAS.validate, result)).toEqual([]);
    expect(result.problems).toEqual([
      { path: "faults.2.atS", message: "got 400, expected < 30" }, { path: "--strategy", message: 'got "x", expected a column' },
      { path: "(file)", message: "syntax error: s.ts:1:2: ERROR: x" }, { path: "fleet.listening + fleet.polling", message: "got 70000, expected at most 65534" },
      { path: "(scenario)", message: "scenario s.ts: no field here" },
    ]);
  });

  it("the schema checker names what does not conform", () => {
    expect(checkJson(CLI_RESULT_SCHEMAS.validate, { command: "validate", exitCode: 2, scenario: "x", ok: "no", problems: [{ path: "a" }], extra: 1 })).toEqual([
      "$.ok: expected boolean, got string", '$.problems[0]: missing required field "message"', '$: unexpected field "extra"',
    ]);
  });
});
