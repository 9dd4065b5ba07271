// One time-series chart as inline SVG: strategies overlaid (x = seconds since each one's load start),
// fault windows shaded with their kind and target as tooltips, gaps where a series has no data.
import type { Axis, Series } from "../timeseries/axis.ts";
import { colorOf, esc } from "./escape.ts";

export interface ChartLine {
  name: string;
  colorIndex: number;
  axis: Axis;
  values: Series;
}

export interface ChartWindow {
  label: string;
  startS: number;
  endS: number | null;
}

/** Plot size and margins, shared with the trend chart (trend-chart.ts). */
export const W = 720;
export const H = 190;
export const M = { left: 56, right: 12, top: 10, bottom: 26 };

export function lineChart(title: string, unit: string, lines: readonly ChartLine[], windows: readonly ChartWindow[]): string {
  const xMax = Math.max(1, ...lines.map((l) => (l.axis.bins * l.axis.binMs) / 1000));
  const yTop = niceCeil(Math.max(0, ...lines.flatMap((l) => l.values.map((v) => v ?? 0))));
  const px = (s: number) => M.left + (Math.min(s, xMax) / xMax) * (W - M.left - M.right);
  const py = (v: number) => H - M.bottom - (v / yTop) * (H - M.top - M.bottom);
  const parts: string[] = [`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(`${title} (${unit})`)}</title>`];
  const seen = new Set<string>();
  for (const w of windows) {
    const key = `${w.label}|${w.startS.toFixed(1)}|${w.endS?.toFixed(1)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const x0 = px(w.startS);
    const x1 = px(w.endS ?? xMax);
    parts.push(`<rect class="fault" x="${r(x0)}" y="${M.top}" width="${r(Math.max(1, x1 - x0))}" height="${H - M.top - M.bottom}"><title>${esc(w.label)}</title></rect>`);
  }
  for (const tick of ticks(yTop)) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${r(py(tick))}" y2="${r(py(tick))}"/>`, `<text class="ylabel" x="${M.left - 6}" y="${r(py(tick) + 4)}">${esc(short(tick))}</text>`);
  }
  for (const tick of ticks(xMax, 8)) parts.push(`<text class="xlabel" x="${r(px(tick))}" y="${H - 8}">${esc(short(tick))} s</text>`);
  parts.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`);
  for (const line of lines) {
    const d = pathOf(line, px, py);
    if (d) parts.push(`<path class="series" d="${d}" stroke="${colorOf(line.colorIndex)}"><title>${esc(line.name)}</title></path>`);
  }
  parts.push("</svg>");
  return parts.join("");
}

function pathOf(line: ChartLine, px: (s: number) => number, py: (v: number) => number): string {
  let d = "";
  let pen = false;
  line.values.forEach((v, b) => {
    if (v === null || !Number.isFinite(v)) return void (pen = false);
    d += `${pen ? "L" : "M"}${r(px(((b + 1) * line.axis.binMs) / 1000))} ${r(py(v))}`;
    pen = true;
  });
  return d;
}

/** A round number >= v (1, 2, 2.5, 5 x 10^k); 1 for 0. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function ticks(max: number, count = 4): number[] {
  const step = niceCeil(max / count);
  const out: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) out.push(Math.round(t * 1e6) / 1e6);
  return out;
}

export function short(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e4) return `${(v / 1e3).toPrecision(3)}k`;
  return String(Math.round(v * 100) / 100);
}

export function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
