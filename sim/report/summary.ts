// Builds summary.json (RunSummary, contracts/summary.ts) from what a run captured, per strategy.
// Pure: the same input gives the same summary, so it can be rebuilt from an old run folder.
// Fault startMs/endMs are relative to that strategy's loadStartMs (the instant the load began).
import type { CheckResult, FaultWindowSummary, FinalState, HistoryOp, RunSummary, StrategySummary } from "../contracts/index.ts";
import { faultWindows } from "../history/index.ts";
import { k6Outcome } from "./k6-outcome.ts";
import { taskStats } from "./strategy-stats.ts";

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
}

export interface SummaryInput {
  scenario: string;
  seed: number;
  /** ISO-8601 start of the run. */
  startedAt: string;
  durationMs: number;
  /** In report column order; names must be unique. */
  strategies: StrategyRunInput[];
}

export function buildSummary(input: SummaryInput): RunSummary {
  const strategies: Record<string, StrategySummary> = {};
  const faults: FaultWindowSummary[] = [];
  for (const run of input.strategies) {
    const name = run.name;
    if (Object.hasOwn(strategies, name)) throw new Error(`buildSummary: strategy name ${JSON.stringify(name)} appears twice; names must be unique`);
    const checks: StrategySummary["checks"] = {};
    for (const [checkName, result] of Object.entries(run.checks)) checks[checkName] = { valid: result.valid, summary: result.summary };
    strategies[name] = {
      ...taskStats(run.history, run.finalState, run.loadStartMs, run.acceptedTaskIds),
      checks,
      ...(run.k6 ? { k6: k6Outcome(run.k6.exitCode, run.k6.summary) } : {}),
    };
    for (const w of faultWindows(run.history)) {
      faults.push({
        strategy: name,
        kind: w.kind,
        target: w.target,
        startMs: w.startTimeMs - run.loadStartMs,
        endMs: w.endTimeMs === null ? null : w.endTimeMs - run.loadStartMs,
      });
    }
  }
  return {
    schemaVersion: 1,
    scenario: input.scenario,
    seed: input.seed,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    strategies,
    faults,
    verdict: verdict(strategies),
  };
}

/** ok only when every check of every strategy is true, k6 exited 0, and each strategy accepted work. */
export function verdict(strategies: Record<string, StrategySummary>): RunSummary["verdict"] {
  const reasons: string[] = [];
  if (Object.keys(strategies).length === 0) reasons.push("no strategy ran");
  for (const [name, s] of Object.entries(strategies)) {
    if (s.accepted === 0) reasons.push(`${name}: no deployment was accepted`);
    if (Object.keys(s.checks).length === 0) reasons.push(`${name}: no invariant check ran`);
    for (const [check, r] of Object.entries(s.checks)) {
      if (r.valid !== true) reasons.push(`${name}: ${check} is ${r.valid === false ? "invalid" : "unknown"}: ${r.summary}`);
    }
    if (s.k6 && s.k6.exitCode !== 0) {
      const crossed = s.k6.failedThresholds.length > 0 ? ` (thresholds crossed: ${s.k6.failedThresholds.join("; ")})` : "";
      reasons.push(`${name}: k6 exited with code ${s.k6.exitCode}${crossed}`);
    }
  }
  return { ok: reasons.length === 0, reasons };
}
