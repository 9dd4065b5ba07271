// The run lifecycle (Jepsen's run!), the one place that lists it:
//   for each strategy, in turn, with the same seed, workload and fault schedule on a fresh database:
//     setup infra -> start nodes (they migrate) -> seed fixtures -> start fleet -> populate proxies ->
//     warm-up -> load + fault timeline + scrape -> heal all faults -> drain (bounded) ->
//     capture final state -> teardown -> merge history -> check invariants
//   then: write the comparative report (summary.json, report.md) and point `latest` at it.

import fs from "node:fs";
import path from "node:path";
import type { RunSummary } from "../contracts/index.ts";
import type { PostgresSource } from "../infra/postgres-source.ts";
import { ensureTools } from "../infra/tools.ts";
import { writeReport } from "../report/index.ts";
import { variantsOf, type LoadedScenario, type Variant } from "../scenario/index.ts";
import { linkLatest, makeRunDir, REPORTS_DIR } from "./paths.ts";
import type { Progress } from "./progress.ts";
import { runStrategyPass, type PassOutcome } from "./strategy-pass.ts";

export interface RunOptions {
  /** Strategy labels or names to run (default: the scenario's). A name the scenario lacks runs with default options. */
  strategies?: string[];
  postgres: PostgresSource;
  reportsDir?: string;
  progress: Progress;
  signal: AbortSignal;
}

export interface RunResult {
  runDir: string;
  summary: RunSummary;
  reportPath: string;
  passes: PassOutcome[];
}

export function chooseStrategies(loaded: LoadedScenario, wanted: string[] | undefined): Variant[] {
  const all = variantsOf(loaded.spec, loaded.source);
  if (!wanted || wanted.length === 0) return all;
  return wanted.map((w) => all.find((s) => s.label === w) ?? all.find((s) => s.name === w) ?? { name: w, label: w, options: {}, spec: loaded.spec });
}

export async function runScenario(loaded: LoadedScenario, o: RunOptions): Promise<RunResult> {
  const { spec } = loaded;
  const strategies = chooseStrategies(loaded, o.strategies);
  const [k6, toxiproxy] = await ensureTools(["k6", "toxiproxy-server"], { log: (line) => o.progress.log(line) });
  const runDir = makeRunDir(spec.name, o.reportsDir ?? REPORTS_DIR);
  fs.writeFileSync(path.join(runDir, "scenario.json"), JSON.stringify({ source: loaded.source, spec, strategies: strategies.map(({ spec: _, ...s }) => s) }, null, 2));
  o.progress.log(`run folder: ${runDir}`);
  const startedAt = new Date();
  const passes: PassOutcome[] = [];
  for (const strategy of strategies) {
    o.signal.throwIfAborted();
    passes.push(await runStrategyPass({ spec: strategy.spec, strategy, runDir, tools: { k6: k6!.path, toxiproxy: toxiproxy!.path }, postgres: o.postgres, progress: o.progress, signal: o.signal }));
  }
  o.progress.phase("report");
  const { summary, reportPath } = await writeReport(runDir, {
    scenario: spec.name,
    seed: spec.seed,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    strategies: passes.map((p) => ({
      name: p.label,
      historyFile: p.paths.history,
      finalState: p.finalState,
      k6SummaryFile: p.paths.k6Summary,
      k6ExitCode: p.k6.exitCode,
      checks: p.checks,
      loadStartMs: p.loadStartMs,
    })),
  });
  linkLatest(runDir);
  return { runDir, summary, reportPath, passes };
}
