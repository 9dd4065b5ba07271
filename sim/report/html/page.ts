// report.html: one self-contained page (inline CSS and SVG, no script, no network) a person can read:
// verdict, per-metric verdict table, SLOs and phases, time series with strategies overlaid and fault
// windows shaded, checks with evidence, the resiliency matrix, per-task timelines, the replay command.
import type { CheckResult, RunSummary } from "../../contracts/index.ts";
import { incompleteRunNotes } from "../failed-columns.ts";
import { replayCommand } from "../markdown-evidence.ts";
import type { ResiliencyMatrix } from "../resiliency.ts";
import type { TimelineTask } from "../task-sample.ts";
import type { Axis, Series } from "../timeseries/axis.ts";
import { SERIES } from "../timeseries/catalogue.ts";
import { lineChart, type ChartWindow } from "./chart.ts";
import { colorOf, esc } from "./escape.ts";
import { checksSection, faultTable, matrixTable, metricTable, phaseTable, sloTable } from "./sections.ts";
import { timelineLegend, timelineSvg } from "./timeline.ts";
import { validityHtml } from "../validity/render.ts";

export interface HtmlStrategy {
  name: string;
  axis: Axis;
  series: Record<string, Series>;
  /** Fault windows relative to this strategy's load start. */
  faults: ChartWindow[];
  checks: Record<string, CheckResult>;
  timeline: TimelineTask[];
}

export interface HtmlInput {
  summary: RunSummary;
  strategies: HtmlStrategy[];
  matrix: ResiliencyMatrix;
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th small,td small{color:#666;font-weight:normal}.muted{color:#888}.best{font-weight:bold}
.pass,.absorbed{background:#e8f5e9}.fail,.violated{background:#fdecea}.failed{background:#fde2cf}.unknown,.degraded{background:#fff8e1}.skipped{color:#888}
.regression{color:#b00020;font-size:12px}.improvement{color:#1b5e20;font-size:12px}
.verdict{font-size:18px;padding:8px;border-radius:4px}.verdict.ok{background:#e8f5e9}.verdict.bad{background:#fdecea}
.badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px}
.swatch,.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}.key{margin-right:10px;font-size:12px}
figure{margin:10px 0}figcaption{font-weight:600}svg{width:100%;height:auto;background:#fff}
.chart .fault{fill:#ff9800;opacity:.16}.chart .series{fill:none;stroke-width:1.6}.chart .grid{stroke:#eee}.chart .axis{stroke:#999}
.ylabel{font-size:10px;text-anchor:end;fill:#555}.xlabel{font-size:10px;text-anchor:middle;fill:#555}.tlabel{font-size:10px;text-anchor:end;fill:#333}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:360px;font-size:12px}ul.checks{padding-left:18px}code{background:#f3f3f3;padding:1px 4px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:8px}@media(max-width:900px){.grid2{grid-template-columns:1fr}}`;

export function renderHtml(input: HtmlInput): string {
  const { summary, strategies } = input;
  const legend = strategies.map((s, i) => `<span class="key"><i style="background:${colorOf(i)}"></i>${esc(s.name)}</span>`).join("") + `<span class="key"><i style="background:#ff9800;opacity:.4"></i>fault window</span>`;
  const charts = SERIES.filter((def) => strategies.some((s) => s.series[def.key]?.some((v) => v !== null))).map((def) => {
    const lines = strategies.map((s, i) => ({ name: s.name, colorIndex: i, axis: s.axis, values: s.series[def.key] ?? [] }));
    return `<figure><figcaption>${esc(def.title)} <small>(${esc(def.unit)})</small></figcaption>${lineChart(def.title, def.unit, lines, strategies.flatMap((s) => s.faults))}</figure>`;
  });
  const reasons = summary.verdict.reasons.map((r) => `<li>${esc(r)}</li>`).join("");
  const endS = Math.max(...strategies.map((s) => (s.axis.bins * s.axis.binMs) / 1000), 1);
  const body = [
    `<h1>taskstorm: ${esc(summary.scenario)}</h1>`,
    `<p>Scenario <code>${esc(summary.scenario)}</code>, seed ${summary.seed}, started ${esc(summary.startedAt)}, took ${(summary.durationMs / 1000).toFixed(1)} s. Strategies: ${legend}</p>`,
    `<div class="verdict ${summary.verdict.ok ? "ok" : "bad"}"><b>Verdict: ${summary.verdict.ok ? "PASS" : "FAIL"}</b>${reasons ? `<ul>${reasons}</ul>` : ""}</div>`,
    incompleteHtml(summary),
    `<h2>Verdict per metric</h2>${metricTable(summary)}`,
    summary.repeats ? `<h3>Rank tests over ${summary.repeats.count} repeats</h3><ul>${summary.repeats.tests.map((t) => `<li>${esc(t.verdict)}</li>`).join("")}</ul>` : "",
    summary.baseline ? `<h3>Against the baseline ${esc(summary.baseline.baseline)}</h3><ul>${summary.baseline.regressions.map((r) => `<li class="regression">${esc(r)}</li>`).join("") || `<li>no regression beyond the ${(summary.baseline.tolerance * 100).toFixed(0)}% tolerance</li>`}</ul>` : "",
    validityHtml(summary),
    `<h2>SLOs</h2>${sloTable(summary)}<h3>Phases</h3>${phaseTable(summary)}`,
    `<h2>Time series</h2><p>x: seconds since each strategy's load start; shaded: fault windows (hover for kind and target). ${legend}</p><div class="grid2">${charts.join("") || '<p class="muted">No time series in this run folder.</p>'}</div>`,
    `<h2>Checks</h2>${strategies.map((s) => checksSection(s.name, s.checks)).join("")}`,
    `<h2>Resiliency matrix</h2><p>Fault kind × component: what each strategy showed during the fault's window.</p>${matrixTable(input.matrix)}${faultTable(summary)}`,
    `<h2>Per-task timelines</h2><p>A sample of tasks per strategy: those named by check evidence first, then the slowest, then spread over time. ${timelineLegend()}</p>`,
    ...strategies.map((s) => `<h3>${esc(s.name)}</h3>${s.timeline.length ? timelineSvg(s.timeline, endS) : '<p class="muted">no tasks</p>'}`),
    `<h2>Replay</h2><pre>${esc(replayCommand(summary))}</pre>`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>taskstorm ${esc(summary.scenario)}</title><style>${CSS}</style></head><body>${body.join("\n")}</body></html>\n`;
}

/** The interruption and the columns without figures, under the verdict (nothing for a whole run). */
function incompleteHtml(summary: RunSummary): string {
  const notes = incompleteRunNotes(summary);
  return notes.length === 0 ? "" : `<h2>Incomplete run</h2><ul class="incomplete">${notes.map((n) => `<li><b>${esc(n.title)}</b>: ${esc(n.text)}</li>`).join("")}</ul>`;
}
