// Renders metric families back to the Prometheus text exposition format 0.0.4 (HELP and TYPE per
// family, label values escaped, NaN/±Inf spelled as Prometheus reads them): the inverse of
// prom-text.ts for the samplers' families, which the sampler exporter serves to Prometheus.
import type { ScrapedFamily } from "../contracts/index.ts";
import { fromJsonNumber } from "../contracts/index.ts";

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** `help` gives each family's HELP text (a family without one gets its name). */
export function renderPromText(families: readonly ScrapedFamily[], help: (family: string) => string | undefined = () => undefined): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(help(f.name) ?? f.name)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
      lines.push(`${s.name}${labels ? `{${labels}}` : ""} ${formatValue(fromJsonNumber(s.value))}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}
