// The run lifecycle (Jepsen's run!), the one place that lists it:
//   for each strategy, in turn, with the same seed, workload and fault schedule on a fresh database:
//     setup infra -> start nodes (they migrate) -> seed fixtures -> start fleet -> populate proxies ->
//     publish endpoints + Prometheus targets (live view) ->
//     warm-up -> load + fault timeline + scrape -> heal all faults -> drain (bounded) ->
//     capture final state -> teardown -> merge history -> check invariants
//   then: evaluate SLOs and write the comparative report (summary.json, results.json, junit.xml,
//   report.md, report.html; against a baseline when given) and point `latest` at it.
// A column whose pass throws is reported as failed (infrastructure, with the message) and the next runs;
// a signal stops the loop, the report is written with the columns finished, then the abort is rethrown.

import path from "node:path";
import type { ColumnFailure, RunInterruption, RunSummary } from "../contracts/index.ts";
import type { PostgresSource } from "../infra/postgres-source.ts";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import { ensureTools } from "../infra/tools.ts";
import { makePlacement, type PlacementChoice } from "../placement/make.ts";
import { chooseVariants, type LoadedScenario } from "../scenario/index.ts";
import { linkLatest, makeRunDir, REPORTS_DIR } from "./store.ts";
import type { Progress } from "./progress.ts";
import { runStrategyPass, type PassOutcome } from "./pass.ts";
import { finishProvenance, startProvenance } from "./provenance.ts";
import { startLiveView, type LiveMode, type LiveView } from "./live/live-view.ts";
import { RunInterrupted } from "./interrupted.ts";
import { writeRunReport, type RunReportExtras } from "./run-report.ts";

export interface RunOptions {
  /** Strategy labels or names to run (default: the scenario's). A name the scenario lacks runs with default options. */
  strategies?: string[];
  postgres: PostgresSource;
  reportsDir?: string;
  progress: Progress;
  signal: AbortSignal;
  /** Write into this folder instead of a new reports/<scenario>/<time>/ (and leave `latest` alone): repeats. */
  runDir?: string;
  /** Baseline comparison, repeat statistics and replay command for the report. */
  evidence?: RunReportExtras;
  /** Where the parts run (default: local). */
  placement?: PlacementChoice;
  /** Whether to start a Prometheus for the run or push to a given one (default: neither; targets and endpoints are written anyway). */
  live?: LiveMode;
}

export interface RunResult {
  runDir: string;
  summary: RunSummary;
  reportPath: string;
  passes: PassOutcome[];
}

export const chooseStrategies = chooseVariants;

export async function runScenario(loaded: LoadedScenario, o: RunOptions): Promise<RunResult> {
  const { spec } = loaded;
  const strategies = chooseStrategies(loaded, o.strategies);
  const [k6, toxiproxy] = await ensureTools(["k6", "toxiproxy-server"], { log: (line) => o.progress.log(line) });
  const runDir = o.runDir ?? makeRunDir(spec.name, o.reportsDir ?? REPORTS_DIR);
  await writeFileAtomic(path.join(runDir, "scenario.json"), JSON.stringify({ source: loaded.source, spec, strategies: strategies.map(({ spec: _, ...s }) => s) }, null, 2));
  o.progress.log(`run folder: ${runDir}`);
  const startedAt = new Date();
  const passes: PassOutcome[] = [];
  const failedColumns: ColumnFailure[] = [];
  let interrupted: RunInterruption | undefined;
  const placement = await makePlacement(o.placement ?? { kind: "local" }, { tools: { k6: k6!.path, toxiproxy: toxiproxy!.path }, runDir });
  const provenance = await startProvenance({ postgres: o.postgres, tools: { k6: k6?.version ?? null, toxiproxy: toxiproxy?.version ?? null }, placementKind: placement.kind });
  let live: LiveView | undefined;
  try {
    live = await startLiveView({ runDir, scenario: spec.name, mode: o.live ?? { kind: "off" }, log: (line) => o.progress.log(line) });
    for (const [i, strategy] of strategies.entries()) {
      if (o.signal.aborted) break;
      o.progress.position?.({ column: i + 1, columns: strategies.length });
      try {
        passes.push(await runStrategyPass({ spec: strategy.spec, strategy, runDir, placement, postgres: o.postgres, progress: o.progress, signal: o.signal, live }));
      } catch (e) {
        if (o.signal.aborted) break;
        o.progress.log(`${strategy.label}: infrastructure failed: ${messageOf(e)}`);
        failedColumns.push({ strategy: strategy.label, kind: "infrastructure", message: messageOf(e) });
      }
    }
    if (o.signal.aborted) interrupted = { reason: messageOf(o.signal.reason), columnsDone: passes.length + failedColumns.length, columnsPlanned: strategies.length };
  } finally {
    await live?.stop().catch((e: unknown) => o.progress.log(`live view: ${String(e)}`));
    await placement.close();
  }
  o.progress.phase("report");
  const placementSummary = {
    ...placement.record(), k6Instances: spec.load.instances,
    hostUsage: Object.fromEntries(passes.filter((p) => Object.keys(p.hostUsage).length > 0).map((p) => [p.label, p.hostUsage])),
  };
  const written = await writeRunReport(runDir, spec, passes, startedAt, {
    ...o.evidence, placement: placementSummary, provenance: finishProvenance(provenance, passes.find((p) => p.postgresVersion)?.postgresVersion),
    failedColumns, ...(interrupted ? { interrupted } : {}),
  });
  const { summary, reportPath } = written;
  if (interrupted) {
    o.progress.log(`interrupted: the report of the ${interrupted.columnsDone} column(s) finished is in ${reportPath}`);
    throw new RunInterrupted(o.signal.reason, written); // the caller exits 130/143
  }
  if (!o.runDir) linkLatest(runDir);
  return { runDir, summary, reportPath, passes };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
