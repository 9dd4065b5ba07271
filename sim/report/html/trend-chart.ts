// One trend chart as inline SVG, on report.html's chart code (chart.ts: size, ticks, labels, classes):
// x = runs in time order, a line and points per column, the band its baseline allowed, runs whose
// measurement was invalid greyed out, provenance changes as dashed markers.
import { H, M, niceCeil, r, short, ticks, W } from "./chart.ts";
import { colorOf, esc } from "./escape.ts";

export interface TrendLine {
  name: string;
  colorIndex: number;
  values: readonly (number | null)[];
  bands: readonly ([number, number] | null)[];
  /** Per run: the point is from a measurement-invalid column (drawn grey, not joined). */
  invalid: readonly boolean[];
}

export interface TrendMark {
  index: number;
  label: string;
}

export function trendChart(title: string, unit: string, xLabels: readonly string[], lines: readonly TrendLine[], invalidRuns: readonly TrendMark[], changes: readonly TrendMark[]): string {
  const n = Math.max(1, xLabels.length);
  const yTop = niceCeil(Math.max(0, ...lines.flatMap((l) => [...l.values.map((v) => v ?? 0), ...l.bands.map((b) => b?.[1] ?? 0)])));
  const step = (W - M.left - M.right) / n;
  const px = (i: number) => M.left + step * (i + 0.5);
  const py = (v: number) => H - M.bottom - (v / yTop) * (H - M.top - M.bottom);
  const parts = [`<svg class="chart trend" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}"><title>${esc(`${title} (${unit})`)}</title>`];
  for (const m of invalidRuns) parts.push(`<rect class="invalid-run" x="${r(px(m.index) - step / 2)}" y="${M.top}" width="${r(step)}" height="${H - M.top - M.bottom}"><title>${esc(m.label)}</title></rect>`);
  for (const l of lines) {
    // the band its baseline allowed, as one polygon per run of consecutive runs that had one
    let upper: string[] = [];
    let lower: string[] = [];
    const flush = () => {
      if (upper.length) parts.push(`<polygon class="band" fill="${colorOf(l.colorIndex)}" points="${[...upper, ...lower.reverse()].join(" ")}"><title>${esc(`${l.name}: baseline ± tolerance`)}</title></polygon>`);
      upper = [];
      lower = [];
    };
    l.bands.forEach((b, i) => {
      if (!b) return flush();
      for (const x of [px(i) - step * 0.4, px(i) + step * 0.4]) {
        upper.push(`${r(x)},${r(py(b[1]))}`);
        lower.push(`${r(x)},${r(py(b[0]))}`);
      }
    });
    flush();
  }
  for (const tick of ticks(yTop)) parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${r(py(tick))}" y2="${r(py(tick))}"/>`, `<text class="ylabel" x="${M.left - 6}" y="${r(py(tick) + 4)}">${esc(short(tick))}</text>`);
  const every = Math.max(1, Math.ceil(n / 8));
  xLabels.forEach((label, i) => i % every === 0 && parts.push(`<text class="xlabel" x="${r(px(i))}" y="${H - 8}">${esc(label)}</text>`));
  parts.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>`);
  for (const c of changes) parts.push(`<line class="prov-change" x1="${r(px(c.index) - step / 2)}" x2="${r(px(c.index) - step / 2)}" y1="${M.top}" y2="${H - M.bottom}"><title>${esc(c.label)}</title></line>`);
  for (const l of lines) {
    let d = "";
    let pen = false;
    l.values.forEach((v, i) => {
      if (v === null || l.invalid[i]) return void (pen = false);
      d += `${pen ? "L" : "M"}${r(px(i))} ${r(py(v))}`;
      pen = true;
    });
    if (d) parts.push(`<path class="series" d="${d}" stroke="${colorOf(l.colorIndex)}"><title>${esc(l.name)}</title></path>`);
    l.values.forEach((v, i) => {
      if (v === null) return;
      const fill = l.invalid[i] ? "#aaa" : colorOf(l.colorIndex);
      parts.push(`<circle class="point${l.invalid[i] ? " invalid" : ""}" cx="${r(px(i))}" cy="${r(py(v))}" r="3" fill="${fill}"><title>${esc(`${l.name}, ${xLabels[i]}: ${short(v)} ${unit}${l.invalid[i] ? " (measurement invalid)" : ""}`)}</title></circle>`);
    });
  }
  parts.push("</svg>");
  return parts.join("");
}
