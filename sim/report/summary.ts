// Builds summary.json (RunSummary, contracts/summary.ts) from what a run captured, per strategy.
// Pure: the same input gives the same summary, so it can be rebuilt from an old run folder.
// Fault startMs/endMs are relative to that strategy's loadStartMs (the instant the load began).
import type { CheckResult, ColumnFailure, Expectation, ExpectedSaturation, FaultWindowSummary, FinalState, HistoryOp, RunInterruption, RunSummary, SloSpec, StrategySummary } from "../contracts/index.ts";
import { acceptedTaskIds, faultWindows } from "../history/index.ts";
import { evaluateExpectations, expectedCheckFailures } from "./expectations.ts";
import { k6Outcome } from "./k6-outcome.ts";
import { phaseBounds, phaseStats, timeToRecoverMs } from "./phases.ts";
import { evaluateSlos } from "./slo.ts";
import { strategyMetrics } from "./strategy-metrics.ts";
import { taskStats } from "./strategy-stats.ts";
import { taskSlotMetrics } from "./task-slot-metrics.ts";
import type { ScrapeDigest } from "./timeseries/scrape-series.ts";
import { columnValidity } from "./validity/column.ts";

export interface StrategyRunInput {
  /** Strategy label: the report column and the key in summary.json. */
  name: string;
  /** The strategy run's merged history. */
  history: readonly HistoryOp[];
  finalState: FinalState;
  /** Results of the invariant checkers, by checker name. */
  checks: Record<string, CheckResult>;
  /** Wall-clock start of the load phase, ms since the epoch. */
  loadStartMs: number;
  /** Accepted task ids when known apart from the history (else: ok deployment:create ops). */
  acceptedTaskIds?: string[];
  /** k6's exit code and its handleSummary JSON (parsed; absent when k6 wrote none). */
  k6?: { exitCode: number; summary?: unknown };
  /** End of observation, ms since the epoch (default: finalState.capturedAtMs, else the last time seen). */
  endMs?: number;
  /** The scraped time series, digested (absent: no scrape-derived figures). */
  scrape?: ScrapeDigest;
}

export interface SummaryInput {
  scenario: string;
  seed: number;
  /** ISO-8601 start of the run. */
  startedAt: string;
  durationMs: number;
  /** In report column order; names must be unique. */
  strategies: StrategyRunInput[];
  /** The scenario's SLOs (absent: none evaluated). */
  slos?: SloSpec;
  /** Run ms a live task may go without progress before it counts as hung (absent: hung figures null). */
  hungTaskBoundMs?: number;
  /** The scenario's expected symptom (absent or empty: none). */
  expect?: readonly Expectation[];
  /** The scenario's load.maxVUs (measurement validity tells VU exhaustion with it). */
  maxVUs?: number;
  /** Harness parts the scenario says a column saturates by design (measurement validity notes them instead). */
  expectedSaturation?: readonly ExpectedSaturation[];
  /** Columns with no figures (infrastructure failed, evidence missing or damaged): listed, and each fails the verdict. */
  failedColumns?: ColumnFailure[];
  /** The signal that stopped the run, when one did: it fails the verdict. */
  interrupted?: RunInterruption;
}

export function buildSummary(input: SummaryInput): RunSummary {
  const strategies: Record<string, StrategySummary> = {};
  const faults: FaultWindowSummary[] = [];
  for (const run of input.strategies) {
    const name = run.name;
    if (Object.hasOwn(strategies, name)) throw new Error(`buildSummary: strategy name ${JSON.stringify(name)} appears twice; names must be unique`);
    const checks: StrategySummary["checks"] = {};
    for (const [checkName, result] of Object.entries(run.checks)) checks[checkName] = { valid: result.valid, summary: result.summary };
    const windows = faultWindows(run.history);
    const endMs = observationEndMs(run);
    const bounds = phaseBounds(run.loadStartMs, endMs, windows);
    const phases = phaseStats(bounds, run.loadStartMs, run.history, run.finalState.tasks, new Set(run.acceptedTaskIds ?? acceptedTaskIds(run.history)));
    const recoverMs = timeToRecoverMs(bounds, run.finalState.tasks, endMs);
    const hung = input.hungTaskBoundMs === undefined ? undefined : { boundMs: input.hungTaskBoundMs, untilMs: endMs };
    strategies[name] = {
      ...taskStats(run.history, run.finalState, run.loadStartMs, run.acceptedTaskIds),
      checks,
      ...(run.k6 ? { k6: k6Outcome(run.k6.exitCode, run.k6.summary) } : {}),
      phases,
      timeToRecoverMs: recoverMs,
      slos: evaluateSlos(input.slos, phases, bounds.during ? recoverMs : undefined),
      metrics: {
        ...strategyMetrics({ history: run.history, events: run.finalState.events, checks: run.checks, ...(run.scrape ? { scrape: run.scrape } : {}), ...(hung ? { hung } : {}) }),
        ...taskSlotMetrics(run.finalState.tasks, endMs),
      },
      validity: columnValidity(run, endMs, input.maxVUs, input.expectedSaturation?.filter((e) => e.strategy === name)),
    };
    for (const w of windows) {
      faults.push({
        strategy: name,
        kind: w.kind,
        target: w.target,
        startMs: w.startTimeMs - run.loadStartMs,
        endMs: w.endTimeMs === null ? null : w.endTimeMs - run.loadStartMs,
      });
    }
  }
  const expect = input.expect ?? [];
  const expectations = evaluateExpectations(expect, strategies);
  return {
    schemaVersion: 1,
    scenario: input.scenario,
    seed: input.seed,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    strategies,
    faults,
    ...(expect.length > 0 ? { expectations } : {}),
    ...(input.failedColumns?.length ? { failedColumns: input.failedColumns } : {}),
    ...(input.interrupted ? { interrupted: input.interrupted } : {}),
    verdict: verdict(strategies, expect, expectations, input),
  };
}

/** End of observation: the given end, else the capture time, else the last op or event. */
export function observationEndMs(run: Pick<StrategyRunInput, "endMs" | "finalState" | "history">): number {
  if (run.endMs !== undefined) return run.endMs;
  if (run.finalState.capturedAtMs !== undefined) return run.finalState.capturedAtMs;
  let last = Math.max(run.history.at(-1)?.time ?? 0, run.finalState.events.at(-1)?.timeMs ?? 0);
  for (const t of run.finalState.tasks) last = Math.max(last, t.completedTimeMs ?? t.queueTimeMs);
  return last;
}

/**
 * ok only when every check of every strategy is true (or fails where the scenario expects it to: the
 * reproduced symptom), no SLO failed or is unknown, k6 exited 0, each strategy accepted work, and every
 * expectation holds; a failed column (infrastructure, evidence) or an interruption always fails it.
 */
export function verdict(
  strategies: Record<string, StrategySummary>, expect: readonly Expectation[] = [], expectations: readonly { says: string; holds: boolean; observed: string }[] = [],
  incomplete: Pick<SummaryInput, "failedColumns" | "interrupted"> = {},
): RunSummary["verdict"] {
  const reasons: string[] = [];
  const expectedFailures = expectedCheckFailures(expect);
  if (incomplete.interrupted) reasons.push(`${incomplete.interrupted.reason}: ${incomplete.interrupted.columnsDone} of ${incomplete.interrupted.columnsPlanned} columns finished`);
  for (const f of incomplete.failedColumns ?? []) reasons.push(`${f.strategy}: ${f.kind === "infrastructure" ? "infrastructure failed" : "evidence missing or damaged"}: ${f.message}`);
  if (Object.keys(strategies).length === 0) reasons.push("no strategy ran");
  for (const [name, s] of Object.entries(strategies)) {
    if (s.validity && !s.validity.valid) reasons.push(`measurement invalid: ${name}: ${s.validity.reasons.join("; ")}`);
    if (s.accepted === 0) reasons.push(`${name}: no deployment was accepted`);
    if (Object.keys(s.checks).length === 0) reasons.push(`${name}: no invariant check ran`);
    for (const [check, r] of Object.entries(s.checks)) {
      if (r.valid !== true && !expectedFailures.has(`${name}|${check}`)) reasons.push(`${name}: ${check} is ${r.valid === false ? "invalid" : "unknown"}: ${r.summary}`);
    }
    for (const slo of s.slos ?? []) {
      if (slo.status === "fail" || slo.status === "unknown") reasons.push(`${name}: SLO ${slo.name} ${slo.status === "fail" ? "failed" : "is unknown"}: ${slo.detail}`);
    }
    if (s.k6 && s.k6.exitCode !== 0) {
      const crossed = s.k6.failedThresholds.length > 0 ? ` (thresholds crossed: ${s.k6.failedThresholds.join("; ")})` : "";
      reasons.push(`${name}: k6 exited with code ${s.k6.exitCode}${crossed}`);
    }
  }
  for (const e of expectations) if (!e.holds) reasons.push(`expected symptom not seen: ${e.says} [${e.observed}]`);
  return { ok: reasons.length === 0, reasons };
}
