// The catalogue test, in parts (scenarios/catalogue-<n>.test.ts) so the test workers run them side by
// side: every catalogue scenario that declares `expect` and a `shortened` run goes through the real
// CLI (real toxiproxy-server, node processes, fleet, k6, on a fresh database of the test run's
// PostgreSQL), and its symptom must appear where it should and be absent under the fix.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { RunSummary } from "../contracts/index.ts";
import { listScenarioNames, loadScenario, SCENARIOS_DIR } from "../scenario/index.ts";
import { spawnCli } from "./cli.ts";
import { newMarker, processesWithMarker } from "./leaks.ts";

/** Scenarios with expectations and a shortened run, with their `--set` overrides. */
const catalogue = await Promise.all(
  listScenarioNames().map(async (name) => {
    const mod = (await import(pathToFileURL(path.join(SCENARIOS_DIR, `${name}.ts`)).href)) as { shortened?: Record<string, unknown> };
    const { spec } = await loadScenario(name);
    return { name, spec, shortened: mod.shortened };
  }),
);
const runnable = catalogue.sort((a, b) => a.name.localeCompare(b.name)).filter((s) => s.spec.expect.length > 0 && s.shortened);

/** One line per column: the symptom figures the catalogue is about, for the test log. */
function symptomTable(name: string, summary: RunSummary, wallMs: number): string {
  const rows = Object.entries(summary.strategies).map(([column, s]) =>
    `  ${column}: accepted ${s.accepted}, failed ${s.failed}, unfinished ${s.unfinished}, queue wait p95 ${s.queueWaitMs.p95 === null ? "-" : `${Math.round(s.queueWaitMs.p95)} ms`}, ` +
    `hung ${s.metrics?.hungTasks ?? "-"}, double executions ${s.metrics?.doubleExecutions ?? "-"}`);
  return [`${name} (shortened, ${(wallMs / 1000).toFixed(0)} s wall):`, ...rows].join("\n");
}

/** Part `part` of `parts` of the catalogue: the runnable scenarios in name order, every parts-th from part. */
export function describeCatalogue(part: number, parts: number): void {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-catalogue-"));
  afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));
  const mine = runnable.filter((_, i) => i % parts === part);
  describe(`scenario catalogue, part ${part + 1} of ${parts} (shortened runs)`, () => {
    if (part === 0) {
      it("every scenario with expectations also declares a shortened run for this test", () => {
        expect(catalogue.filter((s) => s.spec.expect.length > 0 && !s.shortened).map((s) => s.name)).toEqual([]);
      });
    }

    it.each(mine.map((s) => [s.name, s] as const))("%s shows its symptom where expected, and not under the fix", async (name, s) => {
      const marker = newMarker();
      const startedMs = Date.now();
      const sets = Object.entries(s.shortened!).map(([key, value]) => `--set=${key}=${JSON.stringify(value)}`);
      // the test suite loads the machine on purpose: measurement validity is reported, not failed on
      const cli = spawnCli(["run", name, "--reports-dir", reportsDir, "--postgres", inject("pgAdminUrl"), "--invalid-measurement", "warn", ...sets], marker);
      const code = await cli.exited;
      expect(processesWithMarker(marker)).toEqual([]);
      const runDir = fs.realpathSync(path.join(reportsDir, name, "latest"));
      const summary = JSON.parse(fs.readFileSync(path.join(runDir, "summary.json"), "utf8")) as RunSummary;
      const results = summary.expectations ?? [];
      expect(results).toHaveLength(s.spec.expect.length);
      for (const r of results) console.log(`${name}: ${r.holds ? "holds" : "FAILS"}: ${r.says} [${r.observed}]`);
      console.log(symptomTable(name, summary, Date.now() - startedMs));
      expect(results.filter((r) => !r.holds), `${cli.output()}\n${JSON.stringify(results, null, 2)}`).toEqual([]);
      expect(code, cli.output()).toBe(0);
    }, 600_000);
  });
}
