// Samplers of the harness itself, scraped with everything else into metrics.ndjson so a report can
// judge the measurement from files: the conductor's event-loop delay (lib/loop-delay), the machine's CPU
// busy ratio (/proc/stat), CPU time per part of the run (its process tree, by part name), and each fleet's
// answer time to a health RPC sent straight to one of its tentacles (its event loop, seen from outside:
// a fleet starved of CPU shows here even when its CPU share does not).
import { HARNESS_FAMILIES, HARNESS_TARGETS, RPC_PATHS, type FleetConfig, type ScrapedFamily } from "../contracts/index.ts";
import { monitorLoopDelay } from "../lib/loop-delay.ts";
import { busyRatio, loadAverage, readCpuTicks, type CpuTicks } from "../lib/machine.ts";
import { processTree } from "../lib/process-tree.ts";
import type { ScrapeTarget } from "./scraper.ts";

/** A process of the run known by name (a node, a fleet), its current pid. */
export interface NamedPid {
  name: string;
  pid: number;
}

const gauge = (name: string, value: number, labels: Record<string, string> = {}): ScrapedFamily => ({ name, type: "gauge", samples: [{ name, labels, value }] });

/** The conductor's event-loop delay since the previous scrape; stop() ends its timer. */
export function conductorSampler(): { target: ScrapeTarget; stop(): void } {
  const delay = monitorLoopDelay();
  return {
    target: {
      name: HARNESS_TARGETS.conductor,
      collect: async () => {
        const d = delay.take();
        return d === null ? [] : [gauge(HARNESS_FAMILIES.conductorLoopP99, d.p99Ms / 1000), gauge(HARNESS_FAMILIES.conductorLoopMax, d.maxMs / 1000)];
      },
    },
    stop: () => delay.stop(),
  };
}

/** The machine's CPU busy ratio since the previous scrape, and its 1-minute load average. */
export function machineSampler(): ScrapeTarget {
  let previous: CpuTicks | null = readCpuTicks();
  return {
    name: HARNESS_TARGETS.machine,
    collect: async () => {
      const now = readCpuTicks();
      const busy = previous && now ? busyRatio(previous, now) : null;
      previous = now;
      return [...(busy === null ? [] : [gauge(HARNESS_FAMILIES.machineBusy, busy)]), gauge(HARNESS_FAMILIES.machineLoad1, loadAverage()[0]!)];
    },
  };
}

/** A process's part: a named process (node-1, fleet-2), else by its command (postgres, toxiproxy, k6), else "other". */
function partOf(comm: string, pid: number, named: ReadonlyMap<number, string>): string {
  if (pid === process.pid) return "conductor";
  const name = named.get(pid);
  if (name) return name;
  if (comm.startsWith("postgres")) return "postgres";
  if (comm.startsWith("toxiproxy")) return "toxiproxy";
  if (comm === "k6") return "k6";
  return "other";
}

/**
 * CPU seconds of the run's process tree, summed per part. Not monotonic where processes come and go
 * (a restarted node starts from 0; PostgreSQL backends exit): readers skip a decrease.
 */
export function partsSampler(named: () => readonly NamedPid[]): ScrapeTarget {
  return {
    name: HARNESS_TARGETS.parts,
    collect: async () => {
      const byPid = new Map(named().map((n) => [n.pid, n.name]));
      const perPart = new Map<string, number>();
      for (const p of processTree()) {
        const part = partOf(p.comm, p.pid, byPid);
        perPart.set(part, (perPart.get(part) ?? 0) + p.cpuS);
      }
      const samples = [...perPart].map(([part, cpuS]) => ({ name: HARNESS_FAMILIES.partCpu, labels: { part }, value: Math.round(cpuS * 100) / 100 }));
      return [{ name: HARNESS_FAMILIES.partCpu, type: "counter", samples }];
    },
  };
}

/** A fleet's probe: the health URL of one of its listening tentacles with the default behaviour, straight (no proxy). */
export interface FleetProbe {
  name: string;
  url: string;
}

/** One probe per fleet that has listening tentacles (a default-behaviour one: no planned hangs or crashes). */
export function fleetProbesOf(configs: readonly FleetConfig[]): FleetProbe[] {
  return configs.flatMap((c) => {
    const t = c.tentacles.find((x) => x.behaviour === undefined) ?? c.tentacles[0];
    return t ? [{ name: c.fleetName, url: `http://${t.listenHost}:${t.listenPort}${RPC_PATHS.health}` }] : [];
  });
}

/** Limit of one probe, ms: under the scraper's 900 ms per target; a probe that runs out counts as this long. */
const PROBE_LIMIT_MS = 800;

/** Each fleet's answer time to a health RPC, s (a probe refused or reset is no sample: a fault or crash, not a delay). */
export function fleetProbeSampler(probes: readonly FleetProbe[]): ScrapeTarget {
  return {
    name: HARNESS_TARGETS.fleets,
    collect: async () => {
      const samples = await Promise.all(probes.map(async (p) => {
        const started = performance.now();
        try {
          const res = await fetch(p.url, { signal: AbortSignal.timeout(PROBE_LIMIT_MS) });
          await res.arrayBuffer();
          return { name: HARNESS_FAMILIES.fleetAnswer, labels: { part: p.name }, value: (performance.now() - started) / 1000 };
        } catch (err) {
          return (err as Error).name === "TimeoutError" ? { name: HARNESS_FAMILIES.fleetAnswer, labels: { part: p.name }, value: PROBE_LIMIT_MS / 1000 } : null;
        }
      }));
      return [{ name: HARNESS_FAMILIES.fleetAnswer, type: "gauge", samples: samples.filter((s) => s !== null) }];
    },
  };
}

/** Every harness sampler; stop() releases what they hold. */
export function harnessSamplers(named: () => readonly NamedPid[], fleetProbes: readonly FleetProbe[] = []): { targets: ScrapeTarget[]; stop(): void } {
  const conductor = conductorSampler();
  const probes = fleetProbes.length ? [fleetProbeSampler(fleetProbes)] : [];
  return { targets: [conductor.target, machineSampler(), partsSampler(named), ...probes], stop: conductor.stop };
}
