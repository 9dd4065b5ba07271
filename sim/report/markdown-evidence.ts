// The report.md sections beyond the headline table: extra figures, SLOs per phase, the comparison
// with a baseline and the repeat statistics; bounded so the file stays a CI step summary.
import type { RunSummary, SloResult, StrategySummary } from "../contracts/index.ts";
import { formatValue, metricDef } from "./metric-catalogue.ts";
import { minExactP } from "./stats/rank-test.ts";

/** Figures shown in the headline table when any strategy has them. */
const SHOWN = ["timeToRecoverMs", "hungTasks", "doubleExecutions", "rpcUnknownOutcomes", "rpcRetries", "conflicts", "retries", "mutexWaitP95Ms", "rowLockWaitP95Ms", "dbLocksWaitingPeak", "deadlocks", "healthTaskDurationP95Ms", "healthSlotShare"];
const MAX_LINES = 30;

export function metricRows(all: StrategySummary[]): [string, (s: StrategySummary) => string][] {
  const rows: [string, (s: StrategySummary) => string][] = [];
  for (const key of SHOWN) {
    const m = metricDef(key)!;
    if (all.every((s) => m.read(s) === null)) continue;
    rows.push([`${m.label} (${m.unit})`, (s) => formatValue(m.read(s), m.unit)]);
  }
  return rows;
}

export function evidenceSections(summary: RunSummary): string[] {
  const names = Object.keys(summary.strategies);
  const lines: string[] = [];
  const sloNames = [...new Set(names.flatMap((n) => (summary.strategies[n]!.slos ?? []).map((s) => s.name)))];
  if (sloNames.length > 0) {
    lines.push("", "## SLOs", "", `| SLO | limit | ${names.join(" | ")} |`, `|---|---:|${names.map(() => "---").join("|")}|`);
    for (const name of sloNames) {
      const cells = names.map((n) => sloCell(summary.strategies[n]!.slos?.find((s) => s.name === name)));
      const limit = summary.strategies[names.find((n) => summary.strategies[n]!.slos?.some((s) => s.name === name))!]!.slos!.find((s) => s.name === name)!.limit;
      lines.push(`| ${name} | ${limit} | ${cells.join(" | ")} |`);
    }
  }
  if (summary.baseline) {
    const b = summary.baseline;
    lines.push("", `## Against the baseline (${b.baseline})`, "");
    if (b.regressions.length === 0) lines.push(`No regression beyond the ${(b.tolerance * 100).toFixed(0)}% tolerance${b.tests ? " (rank tests over repeats)" : ""}.`);
    else for (const r of b.regressions.slice(0, MAX_LINES)) lines.push(`- **regression**: ${r}`);
    if (b.regressions.length > MAX_LINES) lines.push(`- ... and ${b.regressions.length - MAX_LINES} more (summary.json)`);
  }
  if (summary.repeats) {
    const r = summary.repeats;
    const significant = r.tests.filter((t) => t.classification !== "no significant difference");
    lines.push("", `## Repeats (${r.count} runs per strategy; Mann-Whitney U, Hodges-Lehmann 95% CI)`, "");
    const floor = minExactP(r.count, r.count);
    const why = floor >= 0.05 ? ` (with ${r.count} runs per strategy the smallest attainable p is ${floor.toPrecision(2)}: run more repeats to detect a difference)` : "";
    if (significant.length === 0) lines.push(`No significant difference between strategies on any of ${r.tests.length} metrics${why}.`);
    for (const t of significant.slice(0, MAX_LINES)) lines.push(`- ${t.verdict}`);
    const same = r.tests.length - significant.length;
    if (significant.length > 0 && same > 0) lines.push(`- no significant difference on the other ${same} metrics`);
  }
  return lines;
}

export function replayCommand(summary: RunSummary): string {
  return summary.replayCommand ?? `taskstorm run ${summary.scenario} --seed ${summary.seed}`;
}

function sloCell(slo: SloResult | undefined): string {
  if (!slo) return "–";
  const observed = slo.observed === null ? "" : ` (${formatValue(slo.observed)})`;
  return slo.status === "fail" ? `**FAIL**${observed}` : `${slo.status}${observed}`;
}
