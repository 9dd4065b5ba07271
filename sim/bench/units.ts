// bench units: the unit costs `taskstorm plan` sizes from (sim/plan/unit-costs.ts is the output format),
// measured on real processes of one local system (PostgreSQL, 2 nodes, a fleet with its proxies, k6)
// at timeScale 1: CPU per idle tentacle (fleet + proxy, and on the nodes), per RPC through a proxy, per
// deployment (nodes, fleet, toxiproxy, PostgreSQL, k6); RSS per tentacle and per proxy above a bare
// process's; file descriptors per proxy listener, per proxied connection and per tentacle.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findTool } from "../infra/tools.ts";
import { Scope } from "../lib/scope.ts";
import { K6_DEPLOYMENTS_SCRIPT } from "../load/k6-runner.ts";
import { loadPlanOf } from "../plan/load-plan.ts";
import { scriptRunsPerDeployment } from "../plan/capacity.ts";
import type { UnitCosts } from "../plan/unit-costs.ts";
import { makeLocalPlacement } from "../placement/local.ts";
import { planPass } from "../placement/plan-pass.ts";
import { startSystem } from "../placement/system.ts";
import { warmUp } from "../placement/warm-up.ts";
import { countTasks } from "../run/capture.ts";
import { validateScenario } from "../scenario/index.ts";
import type { Bench } from "./bench.ts";
import { driveHealthRpcs } from "./health-rpcs.ts";
import { bareProcesses, childrenOf, cpuOf, fdsOf, holdConnections, machineOf, rssOf, sampleWhile, type Pids } from "./units-probes.ts";

const IDLE_WINDOW_MS = 10_000;
const RPC_WINDOW_MS = 5_000;

export const unitsBench: Bench = {
  name: "units",
  description: "unit costs for `taskstorm plan`: CPU per idle tentacle, per RPC, per deployment; RSS per tentacle and proxy; fds per proxy",
  async run({ log, quick, signal }) {
    const tentacles = quick ? 200 : 1_000;
    const polling = tentacles / 5;
    const load = quick ? { rateRps: 2, durationS: 10 } : { rateRps: 3, durationS: 40 };
    const spec = validateScenario({
      name: "bench-units", description: "units bench", timeScale: 1, seed: 7,
      server: { nodes: 2, taskCap: 20 },
      fleet: {
        listening: tentacles - polling, polling, environments: 10, projects: 40, roles: ["web", "api", "db", "worker", "batch"],
        stepsPerProject: { min: 1, max: 2 }, scriptDurationS: { min: 0.5, max: 1.5 }, scriptFailureRate: 0,
      },
      load: { startRateRps: load.rateRps, stages: [{ rateRps: load.rateRps, durationS: load.durationS }], preAllocatedVUs: 10, maxVUs: 40, thresholds: {} },
    }, "bench");
    const [toxiproxyBin, k6Bin] = [(await findTool("toxiproxy-server"))?.path, (await findTool("k6"))?.path];
    if (!toxiproxyBin || !k6Bin) throw new Error("bench units needs toxiproxy-server and k6: run `npx taskstorm tools` first");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-bench-units-"));
    const scope = new Scope(log);
    scope.defer("dir", dir, async (d) => fs.rmSync(d, { recursive: true, force: true }));
    const defer = <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => scope.defer(name, value, stop);
    try {
      const bare = await bareProcesses(toxiproxyBin, dir);
      log(`bare processes: fleet ${mib(bare.fleet.rssBytes)} MiB ${bare.fleet.fds} fds, toxiproxy-server ${mib(bare.toxiproxy.rssBytes)} MiB ${bare.toxiproxy.fds} fds`);
      const placement = defer("placement", await makeLocalPlacement({ k6: k6Bin, toxiproxy: toxiproxyBin }), (p) => p.close());
      const passPlan = defer("fleet addresses", await planPass(placement, spec, dir), (p) => p.addresses.release());
      let nodeBase: Promise<number> | undefined;
      const system = await startSystem({
        placement, spec, strategy: { name: "optimistic", label: "optimistic", options: {} }, postgres: { kind: "embedded" }, plan: passPlan,
        logsDir: dir, historyDir: dir, signal, defer, pollingReadyTimeoutMs: 120_000, nodeReadyTimeoutMs: 120_000,
        // when the fleet starts, the nodes are up and nothing has connected to them yet
        say: (step) => void (step.startsWith("start fleet") && (nodeBase = rssOf(childrenOf(process.pid, "server/main.ts")))),
      });
      const pids = (): Pids => ({
        nodes: system.nodes.map((n) => n.process.pid()!), fleet: system.fleet.fleets.map((f) => f.pid()!),
        toxiproxy: [...system.fleet.toxiproxies, ...system.databaseLinks.map((l) => l.server)].map((t) => t.pid), postgres: [system.postgres.pid!],
      });
      const fleetToxiproxies = system.fleet.toxiproxies.map((t) => t.pid);
      const endpoints = passPlan.fleet.plan.topology.fixtures.machines.filter((m) => m.mode !== "polling").map((m) => m.endpoint);
      await warmUp(system.nodes.map((n) => n.url), endpoints, signal);
      const proxies = passPlan.fleet.plan.topology.proxies.length;
      const pollingConnections = polling * spec.server.nodes; // one polling connection per node (pollingConnectionCount 1)

      log(`idle ${IDLE_WINDOW_MS / 1000} s: ${tentacles} tentacles (${polling} polling), ${proxies} proxies, 2 nodes`);
      const idle0 = await cpuOf(pids());
      await new Promise((r) => setTimeout(r, IDLE_WINDOW_MS));
      const idle1 = await cpuOf(pids());
      const perS = (part: keyof Pids) => (idle1[part] - idle0[part]) / (IDLE_WINDOW_MS / 1000); // CPU ms per second
      const idleCpuUsPerTentacleS = ((perS("fleet") + (perS("toxiproxy"))) * 1000) / tentacles;
      const nodeIdleCpuUsPerTentacleS = (perS("nodes") * 1000) / tentacles / spec.server.nodes;

      const fleetFds0 = await fdsOf(pids().fleet);
      const proxyFds0 = await fdsOf(fleetToxiproxies);
      const held = await holdConnections(endpoints.slice(0, 200));
      const fleetFds1 = await fdsOf(pids().fleet);
      const proxyFds1 = await fdsOf(fleetToxiproxies);
      held.close();
      const perProxiedConnection = (proxyFds1 - proxyFds0) / held.count;
      const perTentacleConnection = (fleetFds1 - fleetFds0) / held.count;
      const fds = {
        perProxyListener: round2((proxyFds0 - fleetToxiproxies.length * bare.toxiproxy.fds - pollingConnections * perProxiedConnection) / proxies),
        perProxiedConnection: round2(perProxiedConnection),
        perTentacleListener: round2((fleetFds0 - pids().fleet.length * bare.fleet.fds - pollingConnections * perTentacleConnection) / (tentacles - polling)),
        perTentacleConnection: round2(perTentacleConnection),
      };
      log(`fds: proxy listener ${fds.perProxyListener}, proxied connection ${fds.perProxiedConnection}, tentacle listener ${fds.perTentacleListener}, tentacle connection ${fds.perTentacleConnection}`);

      const rpc0 = await cpuOf(pids());
      const { completed: rpcs } = await driveHealthRpcs(endpoints.slice(0, 500), { windowMs: RPC_WINDOW_MS, concurrency: 32, maxSockets: 2 });
      const rpc1 = await cpuOf(pids());
      const rpcPart = (part: "fleet" | "toxiproxy") => Math.max(0, ((rpc1[part] - rpc0[part] - perS(part) * (RPC_WINDOW_MS / 1000)) * 1000) / rpcs);
      const cpuUsPerRpc = { fleet: round2(rpcPart("fleet")), toxiproxy: round2(rpcPart("toxiproxy")) };
      log(`${rpcs} health RPCs: fleet ${cpuUsPerRpc.fleet} us, toxiproxy ${cpuUsPerRpc.toxiproxy} us of CPU each`);

      const rss = await rssOf(pids().fleet);
      const proxyRss = await rssOf(fleetToxiproxies);
      const nodeBaseRss = ((await nodeBase) ?? 0) / spec.server.nodes;
      if (nodeBaseRss === 0) throw new Error("bench units: the node processes were not found when the fleet started (their base RSS)");

      log(`deployments: ${load.rateRps}/s for ${load.durationS} s through k6`);
      const db = defer("db client", new pg.Client({ connectionString: system.postgres.url }), (c) => c.end());
      await db.connect();
      const dep0 = await cpuOf(pids());
      const startedMs = performance.now();
      const plan = loadPlanOf(spec, system.nodes, system.apiKey, passPlan.fleet.model, path.join(dir, "k6-summary.json"));
      const k6 = await sampleWhile(placement.runLoad({ scriptPath: K6_DEPLOYMENTS_SCRIPT, plan, runDir: dir, signal, instances: 1 }).then(async (r) => {
        for (let c = await countTasks(db); c.done < c.total; c = await countTasks(db)) await new Promise((res) => setTimeout(res, 250));
        return r;
      }));
      const dep1 = await cpuOf(pids());
      const elapsedS = (performance.now() - startedMs) / 1000;
      const { done: deployments } = await countTasks(db);
      const nodeRss = (await rssOf(pids().nodes)) / spec.server.nodes; // after every tentacle has been reached by deployments
      const perDeployment = (part: keyof Pids) => round2(Math.max(0, dep1[part] - dep0[part] - (part === "postgres" ? 0 : perS(part) * elapsedS)) / deployments);
      const cpuMsPerDeployment = { nodes: perDeployment("nodes"), fleet: perDeployment("fleet"), toxiproxy: perDeployment("toxiproxy"), postgres: perDeployment("postgres"), k6: round2(k6.cpuMs / deployments) };
      log(`${deployments} deployments (k6 exit ${k6.result.exitCode}): CPU ms each ${JSON.stringify(cpuMsPerDeployment)}`);

      const costs: UnitCosts = {
        bench: "units", measuredAt: new Date().toISOString(), machine: machineOf(),
        setup: {
          tentacles, pollingTentacles: polling, nodes: spec.server.nodes, deployments, rpcs, timeScale: spec.timeScale,
          scriptRunsPerDeployment: round2(scriptRunsPerDeployment(passPlan.fleet.model)),
        },
        costs: {
          idleCpuUsPerTentacleS: round2(idleCpuUsPerTentacleS), nodeIdleCpuUsPerTentacleS: round2(nodeIdleCpuUsPerTentacleS), cpuUsPerRpc, cpuMsPerDeployment,
          rssBytes: {
            fleetBase: bare.fleet.rssBytes, perTentacle: Math.round((rss - pids().fleet.length * bare.fleet.rssBytes) / tentacles),
            toxiproxyBase: bare.toxiproxy.rssBytes, perProxy: Math.round((proxyRss - fleetToxiproxies.length * bare.toxiproxy.rssBytes) / proxies),
            nodeBase: Math.round(nodeBaseRss), nodePerTentacle: Math.round(Math.max(0, nodeRss - nodeBaseRss) / tentacles), k6: k6.maxRssBytes,
          },
          fds,
        },
      };
      log(`RSS: fleet ${mib(costs.costs.rssBytes.fleetBase)} MiB + ${costs.costs.rssBytes.perTentacle} B/tentacle, toxiproxy ${mib(costs.costs.rssBytes.toxiproxyBase)} MiB + ${costs.costs.rssBytes.perProxy} B/proxy`);
      return costs as unknown as Record<string, unknown>;
    } finally {
      await scope.close();
    }
  },
};

const round2 = (x: number) => Math.round(x * 100) / 100;
const mib = (bytes: number) => Math.round(bytes / (1 << 20));
