// What bench units reads of real processes through /proc: summed CPU time, resident memory and open
// descriptors of groups of pids (PostgreSQL with its backends), a bare fleet process and a bare
// toxiproxy-server to subtract, k6 sampled while it runs, connections held open, and the machine.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { RPC_PATHS } from "../contracts/index.ts";
import { freePort } from "../infra/ports.ts";
import { startToxiproxy } from "../infra/toxiproxy.ts";
import { processUsage } from "../lib/proc.ts";
import type { LoadResult } from "../load/k6-instances.ts";
import { startFleet } from "../placement/fleet-process.ts";
import type { UnitCosts } from "../plan/unit-costs.ts";

export interface Pids {
  nodes: number[];
  fleet: number[];
  toxiproxy: number[];
  /** The postmaster; its backends are counted with it. */
  postgres: number[];
}

/** Pids whose parent is `parent` (and whose command, or a word of whose command line, is `name`, when given). */
export function childrenOf(parent: number, name?: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const matches = () => comm === name || readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").some((word) => word.includes(name!));
      if (ppid === parent && (name === undefined || matches())) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const sumOf = async (pids: readonly number[], f: (u: { cpuMs: number; rssBytes: number }) => number) =>
  (await Promise.all(pids.map((pid) => processUsage(pid)))).reduce((sum, u) => sum + (u ? f(u) : 0), 0);

/** CPU time (ms) so far of each group. */
export async function cpuOf(p: Pids): Promise<Record<keyof Pids, number>> {
  const cpu = (pids: number[]) => sumOf(pids, (u) => u.cpuMs);
  return { nodes: await cpu(p.nodes), fleet: await cpu(p.fleet), toxiproxy: await cpu(p.toxiproxy), postgres: await cpu([...p.postgres, ...p.postgres.flatMap((pid) => childrenOf(pid))]) };
}

export const rssOf = (pids: readonly number[]) => sumOf(pids, (u) => u.rssBytes);

export const fdsOf = async (pids: readonly number[]) => pids.reduce((sum, pid) => sum + readdirSync(`/proc/${pid}/fd`).length, 0);

/** A fleet process with one tentacle and a toxiproxy-server with no proxy: what a process costs before it holds anything. */
export async function bareProcesses(toxiproxyBin: string, dir: string): Promise<Record<"fleet" | "toxiproxy", { rssBytes: number; fds: number }>> {
  const port = await freePort();
  const fleet = await startFleet({
    fleetName: "bare", seed: 1, tentacles: [{ id: "Machines-1", listenHost: "127.0.0.1", listenPort: port }], scriptDurationMs: { min: 0, max: 0 },
    scriptFailureRate: 0, historyFile: path.join(dir, "bare-fleet.ndjson"),
  }, { logFile: path.join(dir, "bare-fleet.log") });
  const toxiproxy = await startToxiproxy({ binPath: toxiproxyBin, logFile: path.join(dir, "bare-toxiproxy.log"), seed: 1 });
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    return {
      fleet: { rssBytes: await rssOf([fleet.pid]), fds: await fdsOf([fleet.pid]) },
      toxiproxy: { rssBytes: await rssOf([toxiproxy.pid]), fds: await fdsOf([toxiproxy.pid]) },
    };
  } finally {
    await Promise.all([fleet.stop(), toxiproxy.stop()]);
  }
}

/** One keep-alive connection to each endpoint (a health RPC through each), held until close(). */
export async function holdConnections(endpoints: readonly string[]): Promise<{ count: number; close(): void }> {
  const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
  const ok = await Promise.all(endpoints.map((endpoint) => new Promise<boolean>((resolve) => {
    http.get(`${endpoint}${RPC_PATHS.health}`, { agent }, (res) => res.resume().on("end", () => resolve(res.statusCode === 200))).on("error", () => resolve(false));
  })));
  await new Promise((r) => setTimeout(r, 200));
  return { count: ok.filter(Boolean).length, close: () => agent.destroy() };
}

/** Samples this process's k6 children every 500 ms until `load` settles: their CPU time and peak RSS. */
export async function sampleWhile(load: Promise<LoadResult>): Promise<{ result: LoadResult; cpuMs: number; maxRssBytes: number }> {
  const cpuByPid = new Map<number, number>();
  let maxRssBytes = 0;
  const sample = async () => {
    for (const pid of childrenOf(process.pid, "k6")) {
      const u = await processUsage(pid);
      if (!u) continue;
      cpuByPid.set(pid, Math.max(cpuByPid.get(pid) ?? 0, u.cpuMs));
      maxRssBytes = Math.max(maxRssBytes, u.rssBytes);
    }
  };
  const timer = setInterval(() => void sample(), 500);
  try {
    const result = await load;
    return { result, cpuMs: [...cpuByPid.values()].reduce((a, b) => a + b, 0), maxRssBytes };
  } finally {
    clearInterval(timer);
  }
}

export function machineOf(): UnitCosts["machine"] {
  const limits = readFileSync("/proc/self/limits", "utf8");
  return {
    hostname: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryBytes: os.totalmem(),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100, node: process.version,
    openFilesLimit: Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? 0),
  };
}
