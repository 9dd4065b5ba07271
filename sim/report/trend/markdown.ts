// trend.md: the runs in time order with their verdicts, a few headline metrics per column, the
// measurement-invalid columns and provenance changes; short enough for a CI step summary.
import { formatValue } from "../metric-catalogue.ts";
import { shortTime } from "../html/trend-page.ts";
import type { TrendModel } from "./model.ts";

const HEADLINE = ["throughputPerMin", "queueWaitP95Ms", "taskDurationP95Ms", "failed", "unfinished"];

export function renderTrendMarkdown(model: TrendModel): string {
  const shown = model.series.filter((s) => HEADLINE.includes(s.metric.key));
  const head = model.columns.flatMap((c) => shown.map((s) => `${c} ${s.metric.label} (${s.metric.unit})`));
  const lines = [`# taskstorm trend: ${model.scenarios.join(", ")}`, "", `${model.runs.length} runs in time order; *italic*: measurement invalid (the harness saturated), not to be read as a regression.`, "",
    `| run | verdict | ${head.join(" | ")} |`, `|---|---|${head.map(() => "---:").join("|")}|`];
  model.runs.forEach((r, i) => {
    const cells = model.columns.flatMap((c) => shown.map((s) => {
      const v = formatValue(s.values[c]![i] ?? null, s.metric.unit);
      return r.invalidColumns.includes(c) && v !== "–" ? `*${v}*` : v;
    }));
    lines.push(`| ${shortTime(r.startedAt)} | ${r.ok ? "PASS" : "FAIL"} | ${cells.join(" | ")} |`);
  });
  const notes = model.runs.flatMap((r) => [
    ...(r.invalidColumns.length ? [`- ${shortTime(r.startedAt)}: measurement invalid in ${r.invalidColumns.join(", ")}`] : []),
    ...(r.provenanceChanges.length ? [`- ${shortTime(r.startedAt)}: provenance changed: ${r.provenanceChanges.join("; ")}`] : []),
    ...Object.entries(r.failedChecks).filter(([, f]) => f.length).map(([c, f]) => `- ${shortTime(r.startedAt)}: ${c} failed ${f.join(", ")}`),
    ...r.expectations.filter((e) => !e.holds).map((e) => `- ${shortTime(r.startedAt)}: expectation not seen: ${e.says}`),
  ]);
  if (notes.length) lines.push("", "## Notes", "", ...notes);
  lines.push("", "Charts with baseline bands, checks and expectations per run: `trend.html`.", "");
  return lines.join("\n");
}
