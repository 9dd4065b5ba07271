// The tables of report.html: verdict per metric (with baseline and repeat annotations), SLOs, phases,
// checks with their evidence, the resiliency matrix and the fault windows. Pure string builders.
import type { CheckResult, RunSummary } from "../../contracts/index.ts";
import { PHASES } from "../../contracts/index.ts";
import { formatValue, METRICS } from "../metric-catalogue.ts";
import type { ResiliencyMatrix } from "../resiliency.ts";
import { colorOf, esc } from "./escape.ts";

const EVIDENCE_CHARS = 20_000;

export function strategyHeader(names: readonly string[]): string {
  return names.map((n, i) => `<th><span class="swatch" style="background:${colorOf(i)}"></span>${esc(n)}</th>`).join("");
}

export function metricTable(summary: RunSummary): string {
  const names = Object.keys(summary.strategies);
  const rows: string[] = [];
  for (const m of METRICS) {
    const values = names.map((n) => m.read(summary.strategies[n]!));
    if (values.every((v) => v === null)) continue;
    const finite = values.filter((v): v is number => v !== null);
    const best = m.better === "lower" ? Math.min(...finite) : Math.max(...finite);
    const cells = names.map((n, i) => {
      const v = values[i]!;
      const d = summary.baseline?.deltas.find((x) => x.strategy === n && x.metric === m.key);
      const note = d && (d.outcome === "regression" || d.outcome === "improvement") ? ` <span class="${d.outcome}">${d.outcome === "regression" ? "▲" : "▼"} vs baseline ${formatValue(d.baseline, m.unit)}</span>` : "";
      const mark = names.length > 1 && v === best && finite.length > 1 && new Set(finite).size > 1 ? ' class="best"' : "";
      return `<td${mark}>${esc(formatValue(v, m.unit))}${note}</td>`;
    });
    const test = summary.repeats?.tests.find((t) => t.metric === m.label);
    const stat = summary.repeats ? `<td class="stat">${test ? esc(test.classification === "no significant difference" ? "no significant difference" : `${test.experiment} ${test.classification}`) : "–"}</td>` : "";
    rows.push(`<tr><th>${esc(m.label)} <small>${esc(m.unit)}, ${m.better} is better</small></th>${cells.join("")}${stat}</tr>`);
  }
  const statHead = summary.repeats ? `<th>rank test (${summary.repeats.count} repeats)</th>` : "";
  return `<table class="metrics"><thead><tr><th>metric</th>${strategyHeader(names)}${statHead}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function sloTable(summary: RunSummary): string {
  const names = Object.keys(summary.strategies);
  const sloNames = [...new Set(names.flatMap((n) => (summary.strategies[n]!.slos ?? []).map((s) => s.name)))];
  if (sloNames.length === 0) return `<p class="muted">The scenario sets no SLOs (its <code>slos</code> section).</p>`;
  const rows = sloNames.map((name) => {
    const cells = names.map((n) => {
      const s = summary.strategies[n]!.slos?.find((x) => x.name === name);
      return s ? `<td class="${s.status}" title="${esc(s.detail)}">${esc(s.status)}${s.observed === null ? "" : ` (${esc(formatValue(s.observed))})`}<br><small>${esc(s.detail)}</small></td>` : "<td>–</td>";
    });
    return `<tr><th>${esc(name)}</th>${cells.join("")}</tr>`;
  });
  return `<table><thead><tr><th>SLO</th>${strategyHeader(names)}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function phaseTable(summary: RunSummary): string {
  const names = Object.keys(summary.strategies);
  const rows: string[] = [];
  for (const phase of PHASES) {
    const cells = names.map((n) => {
      const p = summary.strategies[n]!.phases?.[phase];
      if (!p) return `<td class="muted">did not happen</td>`;
      return `<td>${(p.startMs / 1000).toFixed(1)}–${(p.endMs / 1000).toFixed(1)} s · ${p.tasksQueued} queued · wait p95 ${formatValue(p.queueWaitP95Ms)} ms · ${formatValue(p.throughputPerMin)}/min · failed ${formatValue(p.failedRatio, "ratio")}</td>`;
    });
    rows.push(`<tr><th>${phase}</th>${cells.join("")}</tr>`);
  }
  const recover = names.map((n) => `<td>${esc(formatValue(summary.strategies[n]!.timeToRecoverMs ?? null))} ms</td>`);
  rows.push(`<tr><th>time to recover</th>${recover.join("")}</tr>`);
  return `<table><thead><tr><th>phase</th>${strategyHeader(names)}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function checksSection(strategy: string, checks: Record<string, CheckResult>): string {
  const items = Object.entries(checks).map(([name, r]) => {
    const status = r.valid === true ? "pass" : r.valid === false ? "fail" : "unknown";
    const counts = r.counts ? ` <small>${esc(Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(" · "))}</small>` : "";
    let json = r.evidence?.length ? JSON.stringify(r.evidence, null, 1) : "";
    if (json.length > EVIDENCE_CHARS) json = `${json.slice(0, EVIDENCE_CHARS)}\n… (truncated; results.json has it all)`;
    const evidence = json ? `<details><summary>evidence (${r.evidence!.length} items)</summary><pre>${esc(json)}</pre></details>` : "";
    return `<li><span class="badge ${status}">${status}</span> <b>${esc(name)}</b>: ${esc(r.summary)}${counts}${evidence}</li>`;
  });
  return `<h3>${esc(strategy)}</h3><ul class="checks">${items.join("") || "<li>no checks ran</li>"}</ul>`;
}

export function matrixTable(matrix: ResiliencyMatrix): string {
  if (matrix.kinds.length === 0) return `<p class="muted">No faults were injected.</p>`;
  const head = matrix.components.map((c) => `<th>${esc(c)}</th>`).join("");
  const rows = matrix.kinds.map((kind) => {
    const cells = matrix.components.map((c) => {
      const list = matrix.cells[kind]?.[c] ?? [];
      return `<td>${list.map((x) => `<div class="${x.severity}"><b>${esc(x.strategy)}</b>: ${esc(x.text)}</div>`).join("") || "–"}</td>`;
    });
    return `<tr><th>${esc(kind)}</th>${cells.join("")}</tr>`;
  });
  return `<table class="matrix"><thead><tr><th>fault \\ component</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

export function faultTable(summary: RunSummary): string {
  if (summary.faults.length === 0) return "";
  const rows = summary.faults.map((f) => `<tr><td>${esc(f.strategy)}</td><td>${esc(f.kind)}</td><td>${esc(f.target)}</td><td>${(f.startMs / 1000).toFixed(1)}</td><td>${f.endMs === null ? "never healed" : (f.endMs / 1000).toFixed(1)}</td></tr>`);
  return `<table><thead><tr><th>strategy</th><th>kind</th><th>target</th><th>start (s)</th><th>end (s)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
