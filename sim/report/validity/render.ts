// The measurement-validity section of report.md and report.html: per column, trusted or "measurement
// invalid: <why>", and the monitors behind it (machine CPU, harness parts, event loops, k6, scrapes).
import { HARNESS_PART, type MeasurementValidity, type RunSummary } from "../../contracts/index.ts";
import { esc } from "../html/escape.ts";

interface Row {
  column: string;
  verdict: string;
  cells: string[];
  lines: string[];
}

const HEAD = ["machine CPU busy p50 / saturated", "harness CPU share", "busiest harness part (cores)", "conductor loop p99 (ms)", "k6 dropped", "longest scrape gap (ms)"];
const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

function rows(summary: RunSummary): Row[] {
  return Object.entries(summary.strategies).filter(([, s]) => s.validity).map(([column, s]) => {
    const v = s.validity as MeasurementValidity;
    const m = v.monitors;
    const harness = Object.entries(m.parts).filter(([p]) => HARNESS_PART.test(p)).sort((a, b) => b[1].peakCores - a[1].peakCores)[0];
    return {
      column,
      verdict: v.valid ? "valid" : `measurement invalid: ${v.reasons.join("; ")}`,
      cells: [
        `${pct(m.machineCpuBusyP50)} / ${pct(m.machineSaturatedShare)}`, pct(m.harnessCpuShare),
        harness ? `${harness[0]} ${harness[1].peakCores} (saturated ${pct(harness[1].saturatedShare)})` : "–",
        m.conductorLoopDelayP99Ms === null ? "–" : String(m.conductorLoopDelayP99Ms),
        m.k6DroppedIterations === null ? "–" : `${m.k6DroppedIterations} (${pct(m.k6DroppedRatio)})`,
        m.scrapeGapMaxMs === null ? "–" : String(m.scrapeGapMaxMs),
      ],
      lines: [...v.reasons.map((r) => `invalid: ${r}`), ...v.notes.map((n) => `note: ${n}`)],
    };
  });
}

/** One line per column (report.md stays short enough for a CI step summary; notes are in report.html). */
export function validityMarkdown(summary: RunSummary): string[] {
  const all = rows(summary);
  if (all.length === 0) return [];
  const cell = (t: string) => t.replace(/\r?\n/g, " ");
  const figures = (r: Row) => HEAD.map((h, i) => `${h} ${r.cells[i]}`).join(", ");
  return ["", "## Measurement validity", "", ...all.map((r) => (r.verdict === "valid" ? `- ${cell(r.column)}: valid (${figures(r)})` : `- **${cell(r.column)}: ${cell(r.verdict)}** (${figures(r)})`))];
}

export function validityHtml(summary: RunSummary): string {
  const all = rows(summary);
  if (all.length === 0) return "";
  const body = all.map((r) => {
    const bad = r.verdict.startsWith("measurement invalid");
    return `<tr><th>${esc(r.column)}</th><td class="${bad ? "fail" : "pass"}">${esc(bad ? "measurement invalid" : "valid")}</td>${r.cells.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`;
  }).join("");
  const lines = all.flatMap((r) => r.lines.map((l) => `<li class="${l.startsWith("invalid") ? "regression" : "muted"}"><b>${esc(r.column)}</b>: ${esc(l)}</li>`)).join("");
  return `<h2>Measurement validity</h2><p>What the harness saw of itself while the load ran: a column whose harness or machine saturated is marked <b>measurement invalid</b>, and its timings are not judged against a baseline.</p>` +
    `<table class="validity"><thead><tr><th>column</th><th>verdict</th>${HEAD.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${body}</tbody></table>${lines ? `<ul>${lines}</ul>` : ""}`;
}
