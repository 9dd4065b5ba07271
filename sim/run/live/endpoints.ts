// What a column exposes, as data: the control and metrics addresses of its parts (endpoints.json; the
// lines printed at its start; PostgreSQL's password hidden) and the Prometheus targets with their
// labels (testid, scenario, column, process, role). Pure: it reads whatever the placement reports, so
// a part that came back on another address shows there on the next call.
import { targetOf, type DiscoveredTarget } from "../../metrics/index.ts";

export interface LiveParts {
  column: string;
  /** Each node's API base URL as it runs now. */
  nodes: readonly { name: string; url: () => string }[];
  /** Each fleet process's /metrics URL as it runs now (undefined while it reports none). */
  fleets: readonly { name: string; metricsUrl: () => string | undefined }[];
  /** Each toxiproxy-server's control API, shard 0 (database links and fleet shard 0) first. */
  toxiproxies: readonly { apiUrl: () => string }[];
  postgresUrl: string;
  /** The conductor's samplers as the exporter serves them. */
  samplers: readonly { name: string; metricsUrl: string }[];
}

export interface ColumnEndpoints {
  nodes: { name: string; apiUrl: string; metricsUrl: string }[];
  fleets: { name: string; metricsUrl: string | null }[];
  toxiproxy: { shard: number; apiUrl: string; cli: string }[];
  /** With the password hidden. */
  postgres: string;
  samplers: { name: string; metricsUrl: string }[];
}

export function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ":***@");
  }
}

export function columnEndpoints(parts: LiveParts): ColumnEndpoints {
  return {
    nodes: parts.nodes.map((n) => ({ name: n.name, apiUrl: n.url(), metricsUrl: `${n.url()}/metrics` })),
    fleets: parts.fleets.map((f) => ({ name: f.name, metricsUrl: f.metricsUrl() ?? null })),
    toxiproxy: parts.toxiproxies.map((t, shard) => ({ shard, apiUrl: t.apiUrl(), cli: `toxiproxy-cli -h ${t.apiUrl()} list` })),
    postgres: hidePassword(parts.postgresUrl),
    samplers: [...parts.samplers],
  };
}

export function discoveredTargets(parts: LiveParts, run: { testid: string; scenario: string }): DiscoveredTarget[] {
  const labels = (process: string, role: string) => ({ testid: run.testid, scenario: run.scenario, column: parts.column, process, role });
  return [
    ...parts.nodes.map((n) => targetOf(`${n.url()}/metrics`, labels(n.name, "node"))),
    ...parts.fleets.flatMap((f) => {
      const url = f.metricsUrl();
      return url ? [targetOf(url, labels(f.name, "fleet"))] : [];
    }),
    ...parts.samplers.map((s) => targetOf(s.metricsUrl, labels(s.name, "sampler"))),
  ];
}

/** The lines printed when a column starts: every address someone may want to watch or poke. */
export function endpointLines(column: string, e: ColumnEndpoints): string[] {
  const width = Math.max(10, ...e.nodes.map((n) => n.name.length), ...e.fleets.map((f) => f.name.length)) + 2;
  const row = (name: string, what: string) => `  ${name.padEnd(width)}${what}`;
  return [
    `${column}: parts and control addresses`,
    ...e.nodes.map((n) => row(n.name, `${n.apiUrl} (metrics ${n.metricsUrl})`)),
    ...e.fleets.map((f) => row(f.name, `metrics ${f.metricsUrl ?? "(none)"}`)),
    ...e.toxiproxy.map((t) => row(`toxiproxy-${t.shard}`, `${t.apiUrl} (${t.cli})`)),
    row("postgres", e.postgres),
    ...e.samplers.map((s) => row(s.name, `sampler metrics ${s.metricsUrl}`)),
  ];
}
