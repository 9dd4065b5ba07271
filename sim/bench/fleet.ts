// bench fleet: thousands of tentacles (half polling) behind their own proxies, on real processes: time
// from the first proxy to every tentacle ready (listening bound, polling connected to every node),
// fleet RSS, idle CPU of the fleet processes, and sustained health RPCs/s through the listening proxies.
// Runs at timeScale 1 (a null message every 30 s) so idle means idle. Goal (issue 4): 5,000 tentacles
// with their proxies up in under 15 s, fleet RSS under 2 GiB.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { processUsage, type ProcessUsage } from "../lib/proc.ts";
import { findTool } from "../infra/tools.ts";
import { validateScenario } from "../scenario/index.ts";
import { planPass } from "../placement/plan-pass.ts";
import { makeLocalPlacement } from "../placement/local.ts";
import { startSystem } from "../placement/system.ts";
import { Scope } from "../lib/scope.ts";
import type { Bench } from "./bench.ts";
import { driveHealthRpcs } from "./health-rpcs.ts";

const IDLE_WINDOW_MS = 5_000;
const RPC_WINDOW_MS = 5_000;
const RPC_CONCURRENCY = 64;

export const fleetBench: Bench = {
  name: "fleet",
  description: "5,000 tentacles (half polling, 2 nodes) behind their own proxies: time to all-ready, RSS, idle CPU, RPC/s",
  async run({ log, quick, signal }) {
    const total = quick ? 500 : Number(process.env.TASKSTORM_BENCH_TENTACLES ?? 5_000);
    const polling = Math.floor(total / 2);
    const spec = validateScenario({
      name: "bench-fleet", description: "fleet bench", timeScale: 1,
      server: { nodes: 2, taskCap: 5 },
      fleet: { listening: total - polling, polling, environments: 4, projects: 4, roles: ["web"], stepsPerProject: { min: 1, max: 1 }, scriptDurationS: { min: 1, max: 1 }, scriptFailureRate: 0 },
    }, "bench");
    const [toxiproxyBin, k6Bin] = [(await findTool("toxiproxy-server"))?.path, (await findTool("k6"))?.path];
    if (!toxiproxyBin || !k6Bin) throw new Error("bench fleet needs toxiproxy-server and k6: run `npx taskstorm tools` first");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-bench-fleet-"));
    const scope = new Scope(log);
    scope.defer("dir", dir, async (d) => fs.rmSync(d, { recursive: true, force: true }));
    const defer = <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => scope.defer(name, value, stop);
    try {
      const placement = defer("placement", await makeLocalPlacement({ k6: k6Bin, toxiproxy: toxiproxyBin }), (p) => p.close());
      const passPlan = defer("fleet addresses", await planPass(placement, spec, dir), (p) => p.addresses.release());
      const { plan } = passPlan.fleet;
      log(`fleet: ${total} tentacles (${polling} polling), ${plan.fleetConfigs.length} fleet processes, ${plan.proxyShards.length} toxiproxy-servers, ${plan.topology.proxies.length} proxies`);
      const system = await startSystem({
        placement, spec, strategy: { name: "optimistic", label: "optimistic", options: {} }, postgres: { kind: "embedded" }, plan: passPlan,
        logsDir: dir, historyDir: dir, signal, defer, pollingReadyTimeoutMs: 120_000, nodeReadyTimeoutMs: 120_000,
      });
      const { proxiesMs, processesMs: fleetReadyMs, readyMs } = system.fleet;
      log(`ready in ${Math.round(readyMs)} ms (proxies ${Math.round(proxiesMs)} ms, fleet processes ${Math.round(fleetReadyMs)} ms)`);

      const usage = async (pids: readonly (number | undefined)[]) => (await Promise.all(pids.map((pid) => (pid === undefined ? null : processUsage(pid)))))
        .reduce<ProcessUsage>((sum, u) => ({ rssBytes: sum.rssBytes + (u?.rssBytes ?? 0), cpuMs: sum.cpuMs + (u?.cpuMs ?? 0) }), { rssBytes: 0, cpuMs: 0 });
      const fleetPids = () => system.fleet.fleets.map((f) => f.pid());
      const before = await usage(fleetPids());
      await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
      const after = await usage(fleetPids());
      const idleCpuPercent = round1(((after.cpuMs - before.cpuMs) / IDLE_WINDOW_MS) * 100);
      const toxiproxyRssBytes = (await usage(system.fleet.toxiproxies.map((t) => t.pid))).rssBytes;
      log(`fleet RSS ${mib(after.rssBytes)} MiB, idle CPU ${idleCpuPercent}% of a core; toxiproxy RSS ${mib(toxiproxyRssBytes)} MiB`);

      const endpoints = plan.topology.fixtures.machines.filter((m) => m.mode !== "polling").map((m) => m.endpoint);
      const rpcs = await driveHealthRpcs(endpoints.slice(0, 500), { windowMs: RPC_WINDOW_MS, concurrency: RPC_CONCURRENCY, maxSockets: 4 });
      const rpcPerSec = Math.round((rpcs.completed * 1000) / rpcs.elapsedMs);
      log(`sustained ${rpcPerSec} health RPC/s through ${Math.min(500, endpoints.length)} listening proxies (${RPC_CONCURRENCY} in flight)`);
      return {
        tentacles: total, pollingTentacles: polling, readyMs: Math.round(readyMs), fleetRssBytes: after.rssBytes, idleCpuPercent, rpcPerSec,
        nodes: spec.server.nodes, fleetProcesses: plan.fleetConfigs.length, proxyShards: plan.proxyShards.length, proxies: plan.topology.proxies.length,
        proxiesMs: Math.round(proxiesMs), fleetProcessesReadyMs: Math.round(fleetReadyMs), toxiproxyRssBytes,
      };
    } finally {
      await scope.close();
    }
  },
};

const round1 = (x: number) => Math.round(x * 10) / 10;
const mib = (bytes: number) => Math.round(bytes / (1 << 20));
