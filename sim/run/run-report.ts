// Writes a run folder's reports, from the passes just run (writeRunReport, called by the lifecycle) or
// from an old run folder alone (reportFromFolder: `taskstorm report <runDir>`): scenario.json, each
// strategy's history.ndjson, final-state.json, metrics.ndjson, k6-summary.json, and results.json for
// the checks (re-run from the history with `recheck`, or when results.json is missing).
import fs from "node:fs";
import path from "node:path";
import type { CheckResult, FinalState, HistoryOp, PlacementSummary, Provenance, RepeatAnalysis, RunComparison, RunSummary } from "../contracts/index.ts";
import { runChecks } from "../checks/index.ts";
import { readHistory } from "../history/index.ts";
import { errors } from "../lib/errors.ts";
import { axisOf, checksFromResults, digestScrapeFile, readJsonIfPresent, writeReport, type StrategyRunFiles, type StrategyRunInput, type WrittenReport } from "../report/index.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import { checkLimitsOf, hungTaskBoundMs } from "../plan/check-limits.ts";
import { strategyFiles } from "./store.ts";
import type { PassOutcome } from "./pass.ts";

export interface RunReportExtras {
  /** A previous run's summary.json to compare against (run --baseline). */
  baseline?: { summary: RunSummary; label: string; tolerance?: number; allowDifferentMachines?: boolean };
  repeats?: RepeatAnalysis;
  provenance?: Provenance;
  /** "warn": measurement-invalid columns do not fail the verdict. */
  invalidMeasurement?: "fail" | "warn";
  replayCommand?: string;
  /** Further verdict reasons (failures of other repeats). */
  extraReasons?: string[];
  /** Where the parts lived. */
  placement?: PlacementSummary;
}

export async function writeRunReport(runDir: string, spec: ScenarioSpec, passes: readonly PassOutcome[], startedAt: Date, extras: RunReportExtras = {}): Promise<WrittenReport> {
  const strategies: StrategyRunFiles[] = passes.map((p) => ({
    name: p.label,
    historyFile: p.paths.history,
    finalState: p.finalState,
    k6SummaryFile: p.paths.k6Summary,
    k6ExitCode: p.k6.exitCode,
    checks: p.checks,
    loadStartMs: p.loadStartMs,
    metricsFile: p.paths.metrics,
    ...(p.finalState.capturedAtMs === undefined ? {} : { endMs: p.finalState.capturedAtMs }),
  }));
  return writeReport(runDir, {
    scenario: spec.name, seed: spec.seed, startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(),
    strategies, slos: spec.slos, hungTaskBoundMs: hungTaskBoundMs(spec), expect: spec.expect, maxVUs: spec.load.maxVUs, ...extras,
  });
}

interface SavedScenario {
  spec: ScenarioSpec;
  strategies?: { label: string }[];
}

/** Re-renders every report of an old run folder from its files. */
export async function reportFromFolder(runDir: string, o: { recheck?: boolean } = {}): Promise<WrittenReport> {
  const saved = (await readJsonIfPresent(path.join(runDir, "scenario.json"))) as SavedScenario | undefined;
  if (!saved?.spec) throw errors.invalidArgument("run folder", runDir, "a taskstorm run folder with scenario.json (reports/<scenario>/<time>/)");
  const spec: ScenarioSpec = { ...saved.spec, slos: saved.spec.slos ?? { hungTaskBoundS: 900 } };
  const previous = (await readJsonIfPresent(path.join(runDir, "summary.json"))) as RunSummary | undefined;
  const results = o.recheck ? undefined : await readJsonIfPresent(path.join(runDir, "results.json"));
  const savedChecks = results === undefined ? undefined : checksFromResults(results, path.join(runDir, "results.json"));
  // a --repeat folder keeps its strategies in repeat-<i>/; its top-level report is built from repeat-1
  const dataDir = fs.existsSync(path.join(runDir, "repeat-1")) ? path.join(runDir, "repeat-1") : runDir;
  const labels = saved.strategies?.map((s) => s.label) ?? fs.readdirSync(dataDir).filter((d) => fs.existsSync(path.join(dataDir, d, "history.ndjson")));
  const strategies: StrategyRunInput[] = [];
  for (const label of labels) {
    const files = strategyFiles(dataDir, label);
    if (!fs.existsSync(files.history)) continue;
    const history = await readHistory(files.history);
    const finalState = ((await readJsonIfPresent(files.finalState)) ?? { tasks: [], events: [] }) as FinalState;
    const checks: Record<string, CheckResult> = savedChecks?.[label] ?? runChecks(spec.invariants, { history, finalState, limits: checkLimitsOf(spec, finalState) });
    const { loadStartMs, k6ExitCode } = loadMarks(history, files.history);
    const loaded = await loadRun({ name: label, history, finalState, checks, loadStartMs, k6ExitCode, k6SummaryFile: files.k6Summary, metricsFile: files.metrics });
    strategies.push(loaded);
  }
  if (strategies.length === 0) throw errors.invalidArgument("run folder", runDir, "at least one strategy folder with history.ndjson");
  return writeReport(runDir, {
    scenario: spec.name, seed: spec.seed,
    startedAt: previous?.startedAt ?? new Date(strategies[0]!.loadStartMs).toISOString(), durationMs: previous?.durationMs ?? 0,
    strategies, slos: spec.slos, hungTaskBoundMs: hungTaskBoundMs(spec), expect: spec.expect ?? [], maxVUs: spec.load?.maxVUs,
    ...(previous?.repeats ? { repeats: previous.repeats, extraReasons: previous.verdict.reasons.filter((r) => /^repeat \d+: /.test(r)) } : {}),
    ...(previous?.replayCommand ? { replayCommand: previous.replayCommand } : {}),
    ...(previous?.provenance ? { provenance: previous.provenance } : {}),
    ...(previous?.invalidMeasurement ? { invalidMeasurement: previous.invalidMeasurement } : {}),
    ...(previous?.baseline ? { baselineComparison: previous.baseline as RunComparison } : {}),
    ...(previous?.placement ? { placement: previous.placement } : {}),
  });
}

/** The load start (run's `load:start` op) and k6's exit code (`load:end` op) recorded in a history. */
function loadMarks(history: readonly HistoryOp[], source: string): { loadStartMs: number; k6ExitCode: number | undefined } {
  const start = history.find((op) => op.f === "load:start");
  if (!start) throw errors.invalidArgument("history", source, "a history with a load:start op (written by taskstorm run)");
  const end = history.find((op) => op.f === "load:end")?.value as { k6ExitCode?: unknown } | undefined;
  return { loadStartMs: start.time, k6ExitCode: typeof end?.k6ExitCode === "number" ? end.k6ExitCode : undefined };
}

async function loadRun(r: Omit<StrategyRunInput, "k6"> & { k6ExitCode: number | undefined; k6SummaryFile: string; metricsFile: string }): Promise<StrategyRunInput> {
  const { k6ExitCode, k6SummaryFile, metricsFile, ...run } = r;
  const k6 = k6ExitCode === undefined ? {} : { k6: { exitCode: k6ExitCode, summary: await readJsonIfPresent(k6SummaryFile) } };
  const endMs = run.finalState.capturedAtMs;
  const base: StrategyRunInput = { ...run, ...k6, ...(endMs === undefined ? {} : { endMs }) };
  const scrape = await digestScrapeFile(metricsFile, axisOf(base));
  return scrape ? { ...base, scrape } : base;
}
