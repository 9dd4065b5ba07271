// trend.html: one self-contained page (inline CSS and SVG, no script, no network) across runs: the
// runs in time order with their verdicts and provenance changes, every headline metric per column
// with its baseline band, checks and expectations per run; measurement-invalid runs greyed out.
import type { TrendModel } from "../trend/model.ts";
import { colorOf, esc } from "./escape.ts";
import { trendChart } from "./trend-chart.ts";

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
.pass{background:#e8f5e9}.fail{background:#fdecea}.invalid{color:#999;background:#f3f3f3}.muted{color:#888}
.key{margin-right:10px;font-size:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
figure{margin:10px 0}figcaption{font-weight:600}svg{width:100%;height:auto;background:#fff}
.chart .series{fill:none;stroke-width:1.6}.chart .grid{stroke:#eee}.chart .axis{stroke:#999}.chart .band{opacity:.13}
.chart .invalid-run{fill:#999;opacity:.18}.chart .prov-change{stroke:#6a1b9a;stroke-width:1.5;stroke-dasharray:4 3}
.ylabel{font-size:10px;text-anchor:end;fill:#555}.xlabel{font-size:10px;text-anchor:middle;fill:#555}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:8px}@media(max-width:900px){.grid2{grid-template-columns:1fr}}`;

/** "12-04 02:17" from an ISO time. */
export function shortTime(iso: string): string {
  return iso.slice(5, 16).replace("T", " ");
}

export function renderTrendHtml(model: TrendModel): string {
  const xLabels = model.runs.map((r) => shortTime(r.startedAt));
  const invalidRuns = model.runs.flatMap((r, i) => (r.invalidColumns.length ? [{ index: i, label: `${shortTime(r.startedAt)}: measurement invalid (${r.invalidColumns.join(", ")})` }] : []));
  const changes = model.runs.flatMap((r, i) => (r.provenanceChanges.length ? [{ index: i, label: `provenance changed: ${r.provenanceChanges.join("; ")}` }] : []));
  const legend = model.columns.map((c, i) => `<span class="key"><i style="background:${colorOf(i)}"></i>${esc(c)}</span>`).join("") +
    `<span class="key"><i style="background:#999;opacity:.4"></i>measurement invalid</span><span class="key"><i style="background:#6a1b9a"></i>provenance changed</span>`;
  const charts = model.series.map((s) => {
    const lines = model.columns.map((c, i) => ({ name: c, colorIndex: i, values: s.values[c]!, bands: s.bands[c]!, invalid: model.runs.map((r) => r.invalidColumns.includes(c)) }));
    return `<figure><figcaption>${esc(s.metric.label)} <small>(${esc(s.metric.unit)}, ${s.metric.better} is better)</small></figcaption>${trendChart(s.metric.label, s.metric.unit, xLabels, lines, invalidRuns, changes)}</figure>`;
  });
  const runRows = model.runs.map((r) => {
    const cls = r.invalidColumns.length ? "invalid" : r.ok ? "pass" : "fail";
    const verdict = r.ok ? "PASS" : r.invalidColumns.length ? `FAIL (measurement invalid: ${r.invalidColumns.join(", ")})` : "FAIL";
    return `<tr class="${cls}"><td>${esc(shortTime(r.startedAt))}</td><td><code>${esc(r.commit?.slice(0, 10) ?? "–")}</code></td><td>${esc(verdict)}</td><td>${esc(r.provenanceChanges.join("; ") || "–")}</td><td><small>${esc(r.label)}</small></td></tr>`;
  }).join("");
  const checkRows = model.runs.map((r) => {
    const cells = model.columns.map((c) => {
      const failed = r.failedChecks[c];
      if (failed === undefined) return `<td class="muted">–</td>`;
      return `<td class="${r.invalidColumns.includes(c) ? "invalid" : failed.length ? "fail" : "pass"}">${esc(failed.length ? `failed: ${failed.join(", ")}` : "all pass")}</td>`;
    }).join("");
    const held = r.expectations.filter((e) => e.holds).length;
    const exp = r.expectations.length ? `<td class="${held === r.expectations.length ? "pass" : "fail"}" title="${esc(r.expectations.filter((e) => !e.holds).map((e) => e.says).join("; "))}">${held}/${r.expectations.length}</td>` : `<td class="muted">–</td>`;
    return `<tr><th>${esc(shortTime(r.startedAt))}</th>${cells}${exp}</tr>`;
  }).join("");
  const body = [
    `<h1>taskstorm trend: ${esc(model.scenarios.join(", "))}</h1>`,
    `<p>${model.runs.length} runs, ${esc(xLabels[0] ?? "")} to ${esc(xLabels.at(-1) ?? "")}. ${legend}</p>`,
    `<h2>Runs</h2><table class="runs"><thead><tr><th>started</th><th>commit</th><th>verdict</th><th>provenance change</th><th>from</th></tr></thead><tbody>${runRows}</tbody></table>`,
    `<h2>Headline metrics</h2><p>x: runs in time order; shaded: the band the run's baseline allowed (baseline ± tolerance); grey: runs whose measurement was invalid (their points are not joined); dashed: provenance changed.</p><div class="grid2">${charts.join("") || '<p class="muted">No metrics.</p>'}</div>`,
    `<h2>Checks and expectations per run</h2><table class="checks"><thead><tr><th>run</th>${model.columns.map((c) => `<th>${esc(c)}</th>`).join("")}<th>expectations held</th></tr></thead><tbody>${checkRows}</tbody></table>`,
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>taskstorm trend ${esc(model.scenarios.join(", "))}</title><style>${CSS}</style></head><body>${body.join("\n")}</body></html>\n`;
}
