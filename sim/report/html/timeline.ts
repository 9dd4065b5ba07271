// The per-task timeline as inline SVG: one row per sampled task, a bar per state (Queued, Executing,
// Cancelling) and a mark for the terminal state; x = seconds since the strategy's load start.
import type { TaskState } from "../../contracts/index.ts";
import type { TimelineTask } from "../task-sample.ts";
import { esc } from "./escape.ts";

const STATE_COLORS: Record<TaskState, string> = {
  Queued: "#bbbbbb", Executing: "#0072b2", Cancelling: "#e69f00",
  Success: "#009e73", Failed: "#d55e00", Canceled: "#cc79a7", TimedOut: "#7a3e9d",
};
const ROW = 16;
const LEFT = 190;
const W = 720;

export function timelineSvg(tasks: readonly TimelineTask[], endS: number): string {
  const H = tasks.length * ROW + 24;
  const xMax = Math.max(1, endS, ...tasks.flatMap((t) => t.segments.map((s) => (s.toMs ?? s.fromMs) / 1000)));
  const px = (s: number) => LEFT + (Math.max(0, Math.min(s, xMax)) / xMax) * (W - LEFT - 10);
  const parts = [`<svg class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="per-task timeline">`];
  tasks.forEach((t, i) => {
    const y = i * ROW + 4;
    parts.push(`<text class="tlabel" x="${LEFT - 6}" y="${y + 11}">${esc(t.id)}${t.node ? ` · ${esc(t.node)}` : ""}<title>${esc(t.why)}</title></text>`);
    for (const s of t.segments) {
      const terminal = s.state !== "Queued" && s.state !== "Executing" && s.state !== "Cancelling";
      const x0 = px(s.fromMs / 1000);
      const tip = `${t.id} ${s.state} from ${(s.fromMs / 1000).toFixed(2)} s${s.toMs === null ? "" : ` to ${(s.toMs / 1000).toFixed(2)} s`} (${t.why})`;
      if (terminal) parts.push(`<path d="M${r(x0)} ${y + 1}l4 6l-4 6l-4 -6z" fill="${STATE_COLORS[s.state]}"><title>${esc(tip)}</title></path>`);
      else {
        const x1 = s.toMs === null ? px(xMax) : px(s.toMs / 1000);
        parts.push(`<rect x="${r(x0)}" y="${y + 2}" width="${r(Math.max(1, x1 - x0))}" height="${ROW - 6}" fill="${STATE_COLORS[s.state]}"${s.toMs === null ? ' opacity="0.5"' : ""}><title>${esc(tip)}</title></rect>`);
      }
    }
  });
  parts.push(`<text class="xlabel" x="${LEFT}" y="${H - 4}">0 s</text><text class="xlabel" x="${W - 30}" y="${H - 4}">${esc(xMax.toFixed(0))} s</text></svg>`);
  return parts.join("");
}

export function timelineLegend(): string {
  return Object.entries(STATE_COLORS).map(([s, c]) => `<span class="key"><i style="background:${c}"></i>${esc(s)}</span>`).join(" ");
}

function r(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
