// The flakiness table from a campaign's outcomes: per scenario and expectation, how many of N runs it
// held; per scenario, how many runs passed whole (exit 0) and how many were measurement-valid, the
// median wall time and the harness CPU share; and every failure's reason, by run. Pure.
import type { RunOutcome } from "./campaign.ts";
import type { PlannedScenario } from "./plan.ts";

export interface FlakinessRow {
  scenario: string;
  /** An expectation's `says`, or "run passed (exit 0)" / "measurement valid (every column)". */
  what: string;
  passes: number;
  of: number;
}

export interface FlakinessTable {
  rows: FlakinessRow[];
  /** Per scenario: median wall time (s) and the harness CPU share range over its runs' columns. */
  figures: { scenario: string; medianWallS: number; harnessCpuShare: [number, number] | null }[];
  /** One line per failed run: scenario, try, exit code and why. */
  failures: string[];
}

export const RUN_PASSED = "run passed (exit 0)";
export const MEASUREMENT_VALID = "measurement valid (every column)";

export function tabulate(plan: readonly PlannedScenario[], outcomes: readonly RunOutcome[]): FlakinessTable {
  const rows: FlakinessRow[] = [];
  const figures: FlakinessTable["figures"] = [];
  const failures: string[] = [];
  for (const p of plan) {
    const mine = outcomes.filter((o) => o.scenario === p.scenario);
    const of = mine.length;
    for (const says of p.expectations) rows.push({ scenario: p.scenario, what: says, of, passes: mine.filter((o) => o.summary?.expectations?.find((e) => e.says === says)?.holds === true).length });
    rows.push({ scenario: p.scenario, what: RUN_PASSED, of, passes: mine.filter((o) => o.exitCode === 0).length });
    rows.push({ scenario: p.scenario, what: MEASUREMENT_VALID, of, passes: mine.filter((o) => o.summary && Object.values(o.summary.strategies).every((s) => s.validity?.valid !== false)).length });
    const walls = mine.map((o) => o.wallMs / 1000).sort((a, b) => a - b);
    const shares = mine.flatMap((o) => Object.values(o.summary?.strategies ?? {}).map((s) => s.validity?.monitors.harnessCpuShare ?? null)).filter((x): x is number => x !== null);
    figures.push({ scenario: p.scenario, medianWallS: walls.length ? Math.round(walls[walls.length >> 1]!) : 0, harnessCpuShare: shares.length ? [Math.min(...shares), Math.max(...shares)] : null });
    for (const o of mine) {
      if (o.exitCode === 0) continue;
      const why = o.summary ? o.summary.verdict.reasons.join("; ") : (o.error ?? "no summary");
      failures.push(`${o.scenario} try ${o.attempt}: exit ${o.exitCode}: ${why.replace(/\s+/g, " ").slice(0, 600)}`);
    }
  }
  return { rows, figures, failures };
}

export function renderFlakinessMarkdown(t: FlakinessTable, meta: { startedAt: string; machine: string }): string {
  const lines = [`# taskstorm flakiness`, "", `Started ${meta.startedAt} on ${meta.machine}.`, "", "| scenario | expectation | passes |", "|---|---|---:|"];
  for (const r of t.rows) lines.push(`| ${r.scenario} | ${r.what.replace(/\|/g, "\\|")} | ${r.passes} of ${r.of}${r.passes < r.of ? " **flaky**" : ""} |`);
  lines.push("", "| scenario | median wall time (s) | harness CPU share |", "|---|---:|---:|");
  for (const f of t.figures) lines.push(`| ${f.scenario} | ${f.medianWallS} | ${f.harnessCpuShare ? `${Math.round(f.harnessCpuShare[0] * 100)}–${Math.round(f.harnessCpuShare[1] * 100)}%` : "–"} |`);
  lines.push("", "## Failed runs", "");
  lines.push(...(t.failures.length ? t.failures.map((f) => `- ${f}`) : ["None."]), "");
  return lines.join("\n");
}
