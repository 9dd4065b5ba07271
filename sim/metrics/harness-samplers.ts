// Samplers of the harness itself, scraped with everything else into metrics.ndjson so a report can
// judge the measurement from files: the conductor's event-loop delay (lib/loop-delay), the machine's CPU
// busy ratio (/proc/stat), and CPU time per part of the run (its process tree, by part name).
import { HARNESS_FAMILIES, HARNESS_TARGETS, type ScrapedFamily } from "../contracts/index.ts";
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

/** Every harness sampler; stop() releases what they hold. */
export function harnessSamplers(named: () => readonly NamedPid[]): { targets: ScrapeTarget[]; stop(): void } {
  const conductor = conductorSampler();
  return { targets: [conductor.target, machineSampler(), partsSampler(named)], stop: conductor.stop };
}
