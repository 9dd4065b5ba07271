// Test and benchmark fixture: writes a synthetic run (sim/report/synthetic-run.ts) as a run folder with
// the real layout (scenario.json, <strategy>/history.ndjson, final-state.json, metrics.ndjson), so
// `taskstorm report` and `compare` can be exercised without starting anything.
import fs from "node:fs";
import path from "node:path";
import { markComplete, writeHistory } from "../history/index.ts";
import { syntheticRun, type SyntheticOptions } from "./synthetic-run.ts";
import { loadScenario } from "../scenario/index.ts";
import { CHECKERS } from "../checks/index.ts";
import { strategyPaths } from "../run/store.ts";

export async function writeSyntheticRunFolder(runDir: string, o: SyntheticOptions, slos: Record<string, unknown> = {}): Promise<void> {
  const { spec, source } = await loadScenario("smoke", [{ invariants: Object.keys(CHECKERS), slos, server: { taskCap: 1000 } }]);
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, "scenario.json"), JSON.stringify({ source, spec, strategies: o.strategies.map((label) => ({ label, name: label })) }, null, 2));
  for (const s of syntheticRun(o)) {
    const paths = strategyPaths(runDir, s.name);
    await writeHistory(paths.history, s.history);
    fs.writeFileSync(paths.finalState, JSON.stringify({ tasks: s.tasks, events: s.events, capturedAtMs: s.endMs }));
    fs.writeFileSync(paths.metrics, s.scrapes.map((l) => JSON.stringify(l)).join("\n") + "\n");
    markComplete(paths.metrics); // as the scraper's writer does when it closes
  }
}
