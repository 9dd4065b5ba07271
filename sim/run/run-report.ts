// Writes a run folder's reports, from the passes just run (writeRunReport, called by the lifecycle) or
// from an old run folder alone (reportFromFolder: `taskstorm report <runDir>`): scenario.json, each
// strategy's history.ndjson, final-state.json, metrics.ndjson, k6-summary.json, and results.json for
// the checks (re-run from the history with `recheck`, or when results.json is missing).
import fs from "node:fs";
import path from "node:path";
import type { CheckResult, ColumnFailure, FinalState, RunInterruption, HistoryOp, PlacementSummary, Provenance, RepeatAnalysis, RunComparison, RunSummary } from "../contracts/index.ts";
import { runChecks } from "../checks/index.ts";
import { readHistory } from "../history/index.ts";
import { errors } from "../lib/errors.ts";
import { axisOf, checksFromResults, digestScrapeFile, evidenceProblems, readJsonIfPresent, writeReport, type StrategyRunFiles, type StrategyRunInput, type WrittenReport } from "../report/index.ts";
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
  /** Columns whose pass threw (infrastructure): reported as failed, beside the others. */
  failedColumns?: ColumnFailure[];
  /** The signal that stopped the run, when one did. */
  interrupted?: RunInterruption;
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
    strategies, slos: spec.slos, hungTaskBoundMs: hungTaskBoundMs(spec), expect: spec.expect, maxVUs: spec.load.maxVUs, expectedSaturation: spec.expectedSaturation, ...extras,
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
  const planned = saved.strategies?.map((s) => s.label) ?? fs.readdirSync(dataDir).filter((d) => ["history.ndjson", "final-state.json", "history-parts"].some((f) => fs.existsSync(path.join(dataDir, d, f))));
  // an interrupted run reported the columns it finished (and those that failed); the rest never ran
  const labels = previous?.interrupted ? planned.filter((l) => previous.strategies[l] || previous.failedColumns?.some((f) => f.strategy === l)) : planned;
  const strategies: StrategyRunInput[] = [];
  const failedColumns: ColumnFailure[] = [];
  for (const label of labels) {
    const infrastructure = previous?.failedColumns?.find((f) => f.strategy === label && f.kind === "infrastructure");
    if (infrastructure) {
      failedColumns.push(infrastructure); // what the run saw fail; the folder cannot say it again
      continue;
    }
    const loaded = await loadColumn(label, strategyFiles(dataDir, label), spec, savedChecks?.[label]);
    if (typeof loaded === "string") failedColumns.push({ strategy: label, kind: "evidence", message: loaded });
    else strategies.push(loaded);
  }
  if (strategies.length === 0 && failedColumns.length === 0) throw errors.invalidArgument("run folder", runDir, "at least one strategy folder (scenario.json lists none and none has history.ndjson)");
  return writeReport(runDir, {
    failedColumns, ...(previous?.interrupted ? { interrupted: previous.interrupted } : {}),
    scenario: spec.name, seed: spec.seed,
    startedAt: previous?.startedAt ?? new Date(strategies[0]?.loadStartMs ?? fs.statSync(runDir).mtimeMs).toISOString(), durationMs: previous?.durationMs ?? 0,
    strategies, slos: spec.slos, hungTaskBoundMs: hungTaskBoundMs(spec), expect: spec.expect ?? [], maxVUs: spec.load?.maxVUs, expectedSaturation: spec.expectedSaturation ?? [],
    ...(previous?.repeats ? { repeats: previous.repeats, extraReasons: previous.verdict.reasons.filter((r) => /^repeat \d+: /.test(r)) } : {}),
    ...(previous?.replayCommand ? { replayCommand: previous.replayCommand } : {}),
    ...(previous?.provenance ? { provenance: previous.provenance } : {}),
    ...(previous?.invalidMeasurement ? { invalidMeasurement: previous.invalidMeasurement } : {}),
    ...(previous?.baseline ? { baselineComparison: previous.baseline as RunComparison } : {}),
    ...(previous?.placement ? { placement: previous.placement } : {}),
  });
}

/** One column of an old run folder, or why it cannot be read (missing or damaged evidence: never guessed). */
async function loadColumn(label: string, files: ReturnType<typeof strategyFiles>, spec: ScenarioSpec, savedChecks: Record<string, CheckResult> | undefined): Promise<StrategyRunInput | string> {
  const problems = evidenceProblems({ historyFile: files.history, finalStateFile: files.finalState, metricsFile: files.metrics });
  if (problems.length > 0) return problems.join("; ");
  let history: HistoryOp[];
  let finalState: FinalState;
  try {
    history = await readHistory(files.history);
    finalState = (await readJsonIfPresent(files.finalState)) as FinalState;
  } catch (e) {
    return `damaged: ${(e as Error).message}`;
  }
  if (!Array.isArray(finalState?.tasks) || !Array.isArray(finalState.events)) return "final-state.json is damaged (expected {tasks, events})";
  const marks = loadMarks(history);
  if (!marks) return "history.ndjson has no load:start op (not written by taskstorm run, or cut before the load)";
  const checks: Record<string, CheckResult> = savedChecks ?? runChecks(spec.invariants, { history, finalState, limits: checkLimitsOf(spec, finalState) });
  return loadRun({ name: label, history, finalState, checks, loadStartMs: marks.loadStartMs, k6ExitCode: marks.k6ExitCode, k6SummaryFile: files.k6Summary, metricsFile: files.metrics });
}

/** The load start (run's `load:start` op) and k6's exit code (`load:end` op) recorded in a history; undefined without a load:start. */
function loadMarks(history: readonly HistoryOp[]): { loadStartMs: number; k6ExitCode: number | undefined } | undefined {
  const start = history.find((op) => op.f === "load:start");
  if (!start) return undefined;
  const end = history.find((op) => op.f === "load:end")?.value as { k6ExitCode?: unknown } | undefined;
  return { loadStartMs: start.time, k6ExitCode: typeof end?.k6ExitCode === "number" ? end.k6ExitCode : undefined };
}

async function loadRun(r: Omit<StrategyRunInput, "k6"> & { k6ExitCode: number | undefined; k6SummaryFile: string; metricsFile: string }): Promise<StrategyRunInput | string> {
  try {
    return await loadRunFiles(r);
  } catch (e) {
    return `damaged: ${(e as Error).message}`; // a k6 summary or a metrics line that does not parse
  }
}

async function loadRunFiles(r: Omit<StrategyRunInput, "k6"> & { k6ExitCode: number | undefined; k6SummaryFile: string; metricsFile: string }): Promise<StrategyRunInput> {
  const { k6ExitCode, k6SummaryFile, metricsFile, ...run } = r;
  const k6 = k6ExitCode === undefined ? {} : { k6: { exitCode: k6ExitCode, summary: await readJsonIfPresent(k6SummaryFile) } };
  const endMs = run.finalState.capturedAtMs;
  const base: StrategyRunInput = { ...run, ...k6, ...(endMs === undefined ? {} : { endMs }) };
  const scrape = await digestScrapeFile(metricsFile, axisOf(base));
  return scrape ? { ...base, scrape } : base;
}
