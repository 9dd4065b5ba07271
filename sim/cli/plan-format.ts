// The text form of a capacity plan (`taskstorm plan` without --json): one line per kind of part with its
// count and the cores and memory each pod asks for, then totals and the scenario settings that match.
import type { CapacityPlan } from "../plan/capacity.ts";

const n = (x: number) => x.toLocaleString("en-US");
const mem = (bytes: number) => (bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GiB` : `${Math.round(bytes / (1 << 20))} MiB`);
const size = (p: { cpuCores: number; memoryBytes: number }) => `${p.cpuCores.toFixed(1)} cores, ${mem(p.memoryBytes)} each`;

export function formatPlan(p: CapacityPlan, where: string): string[] {
  const t = p.target;
  return [
    `Plan for ${n(t.tentacles)} tentacles (${n(t.polling)} polling), ${t.nodes} nodes, ${t.rateRps} deployments/s (time scale ${t.timeScale}), as ${where}`,
    `unit costs measured ${p.costs.measuredAt} on ${p.costs.hostname} (${p.costs.cpus} cpus)`,
    `  fleet pods        ${String(p.fleet.pods).padStart(4)}  ${n(p.fleet.tentaclesPerPod)} tentacles each (bound by ${p.fleet.boundBy}); ${size(p.fleet)}`,
    `  toxiproxy shards  ${String(p.fleet.pods).padStart(4)}  ${n(p.fleet.proxiesPerShard)} proxies each, one per fleet pod (${n(p.fleet.proxies)} in all)`,
    `  k6 instances      ${String(p.k6.instances).padStart(4)}  ${size(p.k6)}`,
    `  node pods         ${String(p.nodes.pods).padStart(4)}  ${size(p.nodes)}`,
    `  PostgreSQL              ${p.postgres.cpuCores.toFixed(1)} cores; max_connections >= ${p.postgres.maxConnections}`,
    `  total             ${String(p.totals.pods).padStart(4)}  pods, ${p.totals.cpuCores.toFixed(1)} cores, ${mem(p.totals.memoryBytes)} requested (PostgreSQL and the conductor aside)`,
    `  scenario settings: ${p.set.map((s) => `--set ${s}`).join(" ")}`,
  ];
}
