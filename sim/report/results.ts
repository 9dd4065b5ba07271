// results.json: the full verdicts behind summary.json, per strategy: every check with its evidence and
// counts, every SLO. `taskstorm report <runDir>` re-renders from it without re-running the checks.
import type { CheckResult, RunSummary, SloResult } from "../contracts/index.ts";

export interface RunResults {
  schemaVersion: 1;
  scenario: string;
  seed: number;
  strategies: Record<string, { checks: Record<string, CheckResult>; slos: SloResult[] }>;
  verdict: RunSummary["verdict"];
}

export function buildResults(summary: RunSummary, checks: Record<string, Record<string, CheckResult>>): RunResults {
  const strategies: RunResults["strategies"] = {};
  for (const [name, s] of Object.entries(summary.strategies)) strategies[name] = { checks: checks[name] ?? {}, slos: s.slos ?? [] };
  return { schemaVersion: 1, scenario: summary.scenario, seed: summary.seed, strategies, verdict: summary.verdict };
}

/** Checks by strategy from a parsed results.json; throws naming the file when the shape is wrong. */
export function checksFromResults(results: unknown, source: string): Record<string, Record<string, CheckResult>> {
  const r = results as Partial<RunResults> | null;
  if (!r || r.schemaVersion !== 1 || typeof r.strategies !== "object" || r.strategies === null) {
    throw new Error(`${source}: expected results.json with schemaVersion 1 and strategies, got ${JSON.stringify(results)?.slice(0, 120)}`);
  }
  return Object.fromEntries(Object.entries(r.strategies).map(([name, s]) => [name, s.checks]));
}
