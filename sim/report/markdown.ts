// Renders report.md from a RunSummary: strategies side by side, fault windows, verdict, replay
// command. Short enough for a CI step summary. Pure.
import type { Percentiles, RunSummary, StrategySummary, Validity } from "../contracts/index.ts";
import { incompleteRunNotes } from "./failed-columns.ts";
import { evidenceSections, metricRows, replayCommand } from "./markdown-evidence.ts";
import { validityMarkdown } from "./validity/render.ts";

export function renderMarkdown(summary: RunSummary): string {
  const names = Object.keys(summary.strategies);
  const all = names.map((n) => summary.strategies[n]!);
  const row = (label: string, cell: (s: StrategySummary) => string) => `| ${esc(label)} | ${all.map((s) => esc(cell(s))).join(" | ")} |`;
  const lines = [
    `# taskstorm: ${esc(summary.scenario)}`,
    "",
    `Scenario \`${summary.scenario}\`, seed ${summary.seed}, started ${summary.startedAt}, took ${seconds(summary.durationMs)} s.`,
    ...placementLine(summary),
    ...incompleteSection(summary),
    "",
    `| | ${names.map(esc).join(" | ")} |`,
    `|---|${names.map(() => "---:").join("|")}|`,
    row("accepted", (s) => String(s.accepted)),
    row("completed (Success)", (s) => String(s.completed)),
    row("failed (Failed/TimedOut/Canceled)", (s) => String(s.failed)),
    row("unfinished", (s) => String(s.unfinished)),
    row("throughput (completed/min)", (s) => s.throughputPerMin.toFixed(1)),
    row("queue wait p50/p95/p99 (ms)", (s) => triple(s.queueWaitMs)),
    row("task duration p50/p95/p99 (ms)", (s) => triple(s.taskDurationMs)),
    ...checkNames(all).map((c) => row(`check ${c}`, (s) => validity(s.checks[c]?.valid))),
    ...metricRows(all).map(([label, cell]) => row(label, cell)),
  ];
  if (all.some((s) => s.k6)) {
    lines.push(
      row("k6 exit code", (s) => (s.k6 ? String(s.k6.exitCode) : "–")),
      row("k6 thresholds crossed", (s) => (s.k6 ? String(s.k6.thresholdsFailed) : "–")),
      row("k6 http requests", (s) => num(s.k6?.httpReqs)),
      row("k6 http_req_failed", (s) => (s.k6?.httpReqFailedRate == null ? "–" : `${(s.k6.httpReqFailedRate * 100).toFixed(2)}%`)),
      row("k6 dropped iterations", (s) => num(s.k6?.iterationsDropped)),
    );
  }
  lines.push("", "## Fault windows", "");
  if (summary.faults.length === 0) lines.push("No faults injected.");
  else {
    lines.push("Times in seconds from the start of the load.", "", "| strategy | kind | target | start (s) | end (s) |", "|---|---|---|---:|---:|");
    for (const f of summary.faults) {
      lines.push(`| ${esc(f.strategy)} | ${esc(f.kind)} | ${esc(f.target)} | ${seconds(f.startMs)} | ${f.endMs === null ? "never healed" : seconds(f.endMs)} |`);
    }
  }
  lines.push(...evidenceSections(summary));
  lines.push(...validityMarkdown(summary));
  if (summary.expectations?.length) {
    lines.push("", "## Expected symptom", "");
    for (const e of summary.expectations) lines.push(`- ${e.holds ? "seen" : "**NOT seen**"}: ${esc(e.says)} (${esc(e.observed)})`);
  }
  lines.push("", `**Verdict: ${summary.verdict.ok ? "PASS" : "FAIL"}**`);
  for (const reason of summary.verdict.reasons) lines.push(`- ${reason.replace(/\n/g, " ")}`);
  lines.push("", `Replay: \`${replayCommand(summary)}\``, "", "Charts, evidence and per-task timelines: `report.html` in the run folder.", "");
  return lines.join("\n");
}

/** The interruption and the columns without figures, before any figure (nothing for a whole run). */
function incompleteSection(summary: RunSummary): string[] {
  const notes = incompleteRunNotes(summary);
  return notes.length === 0 ? [] : ["", "## Incomplete run", "", ...notes.map((n) => `- **${n.title}**: ${n.text.replace(/\n/g, " ")}`)];
}

/** Where the parts ran, when they were spread over hosts (nothing for one machine). */
function placementLine({ placement }: RunSummary): string[] {
  if (!placement || placement.kind === "local") return placement && placement.k6Instances > 1 ? [`Load from ${placement.k6Instances} k6 instances (execution segments).`] : [];
  const clocks = Object.values(placement.clocks ?? {});
  const worstBoundMs = Math.max(0, ...clocks.map((c) => Math.max(c.start.boundMs, c.end?.boundMs ?? 0)));
  const hosts = placement.hosts.map((h) => `${h.name} ${h.address}`).join(", ");
  return [`Placement \`${placement.kind}\`: ${placement.hosts.length} hosts (${hosts}); ${placement.k6Instances} k6 instance(s); histories corrected by each host's clock offset (bound at most ${worstBoundMs.toFixed(1)} ms).`];
}

function checkNames(strategies: StrategySummary[]): string[] {
  return [...new Set(strategies.flatMap((s) => Object.keys(s.checks)))];
}

function validity(v: Validity | undefined): string {
  if (v === undefined) return "–";
  return v === true ? "pass" : v === false ? "**FAIL**" : "unknown";
}

function triple(p: Percentiles): string {
  return [p.p50, p.p95, p.p99].map((v) => num(v === null ? null : Math.round(v))).join(" / ");
}

function num(v: number | null | undefined): string {
  return v === null || v === undefined ? "–" : String(v);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** Makes text safe inside a table cell. */
function esc(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
