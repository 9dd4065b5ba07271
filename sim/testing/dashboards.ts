// Test helper: the PromQL of every panel of the Grafana dashboards in dashboards/, with Grafana's
// variables expanded as Grafana would for one run and one column, and a query_range against a real
// Prometheus.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DASHBOARDS_DIR = fileURLToPath(new URL("../../dashboards/", import.meta.url));

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

interface Panel {
  title: string;
  targets?: { refId: string; expr: string }[];
  panels?: Panel[];
}

export function dashboardQueries(dir = DASHBOARDS_DIR): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const dashboard = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { panels: Panel[] };
    const walk = (panels: Panel[]) => {
      for (const p of panels) {
        for (const t of p.targets ?? []) queries.push({ dashboard: file, panel: p.title, refId: t.refId, expr: t.expr });
        walk(p.panels ?? []);
      }
    };
    walk(dashboard.panels);
  }
  return queries;
}

/** $testid and $column as Grafana substitutes them for one run and one column; $__rate_interval for 1 s scrapes. Throws on any other variable. */
export function expandQuery(expr: string, v: { testid: string; column: string; rateInterval?: string }): string {
  const out = expr.replaceAll("$testid", v.testid).replaceAll("$column", v.column).replaceAll("$__rate_interval", v.rateInterval ?? "5s");
  if (out.includes("$")) throw new Error(`unexpanded variable in ${JSON.stringify(expr)}`);
  return out;
}

export interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

export async function queryRange(prometheusUrl: string, query: string, range: { startMs: number; endMs: number; stepS?: number }): Promise<Series[]> {
  const params = new URLSearchParams({ query, start: String(range.startMs / 1000), end: String(range.endMs / 1000), step: `${range.stepS ?? 1}s` });
  const res = await fetch(`${prometheusUrl}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as { status: string; error?: string; data?: { result: Series[] } };
  if (body.status !== "success") throw new Error(`query_range ${query}: ${body.error ?? res.status}`);
  return body.data!.result;
}
