// What a target size needs (`taskstorm plan`, and the resources `k8s render` asks for): fleet pods and
// their toxiproxy shards, k6 instances, node pods, and the cores and memory of each, computed from the
// measured unit costs (unit-costs.ts). A fleet shard is bounded by open files (the same budget the fleet
// plan uses), by its pod's cores and by its proxy ports; requests leave headroom (`utilisation`).
import type { DeploymentModel } from "../../fixtures/generate.ts";
import { scaledTentacleSettings, type ScenarioSpec } from "../scenario/index.ts";
import { FD_BUDGET_PER_PROCESS, modelOf } from "./fleet-plan.ts";
import { FLEET_PROXY_BASE_PORT } from "./ports.ts";
import type { UnitCosts } from "./unit-costs.ts";

export interface CapacityTarget {
  tentacles: number;
  /** How many of the tentacles poll (the rest listen). */
  polling: number;
  nodes: number;
  /** Deployments created per second at the peak. */
  rateRps: number;
  /** The scenario's time scale: idle traffic (polls, health checks) grows as 1 / timeScale. */
  timeScale: number;
  pollingConnectionCount: number;
  /** Script runs per deployment (targets x steps); default: the bench's. */
  scriptRunsPerDeployment?: number;
  dbPoolSize: number;
  /** At least this many k6 instances (the scenario's load.instances). */
  minK6Instances: number;
  /** Size for exactly this many fleet pods (a scenario's own shards) instead of the fewest that fit. */
  fleetPods?: number;
}

/** What one pod of each kind may use, and how full a request may run (0.7: 30% headroom). */
export interface PodBudget {
  fleetPodCores: number;
  k6PodCores: number;
  /** Open files one process may use for tentacles or proxies. */
  fdsPerProcess: number;
  utilisation: number;
}

export const KUBERNETES_BUDGET: PodBudget = { fleetPodCores: 2, k6PodCores: 2, fdsPerProcess: FD_BUDGET_PER_PROCESS, utilisation: 0.7 };
/** The first proxy port of a fleet host and the last usable one: a shard holds at most (65535 - 20000) / (1 + nodes) machines. */
export const PROXY_PORTS = { first: FLEET_PROXY_BASE_PORT, last: 65_535 } as const;

/** Machines one fleet host (its own address, proxy ports from PROXY_PORTS.first) holds with `nodes` nodes: one port per machine and link. */
export const machinesPerHostByPorts = (nodes: number): number => Math.floor((PROXY_PORTS.last - PROXY_PORTS.first) / (1 + nodes));

export interface PodSize {
  cpuCores: number;
  memoryBytes: number;
}

export interface CapacityPlan {
  target: CapacityTarget;
  costs: { measuredAt: string; hostname: string; cpus: number };
  fleet: PodSize & { pods: number; tentaclesPerPod: number; proxies: number; proxiesPerShard: number; boundBy: "open files" | "cores" | "proxy ports" | "one pod" | "given" };
  nodes: PodSize & { pods: number };
  k6: PodSize & { instances: number };
  postgres: { cpuCores: number; maxConnections: number };
  totals: PodSize & { pods: number };
  /** `--set` values that make a scenario run with this plan's parts. */
  set: string[];
}

const MIB = 1 << 20;
const cores = (need: number, utilisation: number) => Math.max(0.1, Math.ceil((need / utilisation) * 10) / 10);
const memory = (needBytes: number) => Math.ceil((needBytes * 1.25) / (64 * MIB)) * 64 * MIB;

export function planCapacity(t: CapacityTarget, costs: UnitCosts, budget: PodBudget = KUBERNETES_BUDGET): CapacityPlan {
  const c = costs.costs;
  const listening = t.tentacles - t.polling;
  const runs = (t.scriptRunsPerDeployment ?? costs.setup.scriptRunsPerDeployment) / costs.setup.scriptRunsPerDeployment;
  const proxies = listening + t.polling * t.nodes;
  const fleetFds = listening * (c.fds.perTentacleListener + t.nodes * c.fds.perTentacleConnection) + t.polling * t.nodes * t.pollingConnectionCount * c.fds.perTentacleConnection;
  const proxyFds = listening * (c.fds.perProxyListener + t.nodes * c.fds.perProxiedConnection)
    + t.polling * t.nodes * (c.fds.perProxyListener + t.pollingConnectionCount * c.fds.perProxiedConnection);
  const fleetCoresNeed = (t.tentacles * c.idleCpuUsPerTentacleS) / t.timeScale / 1e6 + (t.rateRps * runs * (c.cpuMsPerDeployment.fleet + c.cpuMsPerDeployment.toxiproxy)) / 1000;
  const machinesPerShardByPorts = machinesPerHostByPorts(t.nodes);
  const bounds = {
    "open files": Math.ceil(Math.max(fleetFds, proxyFds) / budget.fdsPerProcess),
    cores: Math.ceil(fleetCoresNeed / (budget.fleetPodCores * budget.utilisation)),
    "proxy ports": Math.ceil(t.tentacles / machinesPerShardByPorts),
    "one pod": 1,
  } as const;
  const [boundBy, pods] = t.fleetPods ? ["given" as const, t.fleetPods] : (Object.entries(bounds) as [CapacityPlan["fleet"]["boundBy"], number][]).reduce((a, b) => (b[1] > a[1] ? b : a));
  const tentaclesPerPod = Math.ceil(t.tentacles / pods);
  const proxiesPerShard = Math.ceil(proxies / pods);
  const fleet = {
    pods, tentaclesPerPod, proxies, proxiesPerShard, boundBy,
    cpuCores: cores(fleetCoresNeed / pods, budget.utilisation),
    memoryBytes: memory(c.rssBytes.fleetBase + c.rssBytes.toxiproxyBase + tentaclesPerPod * c.rssBytes.perTentacle + proxiesPerShard * c.rssBytes.perProxy),
  };
  const nodeCoresNeed = (t.tentacles * c.nodeIdleCpuUsPerTentacleS) / t.timeScale / 1e6 + (t.rateRps * runs * c.cpuMsPerDeployment.nodes) / 1000 / t.nodes;
  const nodes = { pods: t.nodes, cpuCores: cores(nodeCoresNeed, budget.utilisation), memoryBytes: memory(c.rssBytes.nodeBase + t.tentacles * c.rssBytes.nodePerTentacle) };
  const k6CoresNeed = (t.rateRps * c.cpuMsPerDeployment.k6) / 1000;
  const instances = Math.max(t.minK6Instances, Math.ceil(k6CoresNeed / (budget.k6PodCores * budget.utilisation)));
  const k6 = { instances, cpuCores: cores(k6CoresNeed / instances, budget.utilisation), memoryBytes: memory(c.rssBytes.k6) };
  const postgres = { cpuCores: cores((t.rateRps * runs * c.cpuMsPerDeployment.postgres) / 1000, budget.utilisation), maxConnections: t.nodes * t.dbPoolSize + 20 };
  const sum = (f: (p: PodSize) => number) => fleet.pods * f(fleet) + nodes.pods * f(nodes) + k6.instances * f(k6);
  return {
    target: t, costs: { measuredAt: costs.measuredAt, hostname: costs.machine.hostname, cpus: costs.machine.cpus },
    fleet, nodes, k6, postgres,
    totals: { pods: fleet.pods + nodes.pods + k6.instances, cpuCores: Math.round(sum((p) => p.cpuCores) * 10) / 10, memoryBytes: sum((p) => p.memoryBytes) },
    set: [`fleet.processes=${fleet.pods}`, `load.instances=${k6.instances}`],
  };
}

/** The target a scenario (one column's spec) asks for: its fleet, nodes, peak rate, time scale and model. */
export function targetOf(spec: ScenarioSpec, model: DeploymentModel = modelOf(spec)): CapacityTarget {
  return {
    tentacles: spec.fleet.listening + spec.fleet.polling, polling: spec.fleet.polling, nodes: spec.server.nodes,
    rateRps: Math.max(spec.load.startRateRps, ...spec.load.stages.map((s) => s.rateRps)), timeScale: spec.timeScale,
    pollingConnectionCount: scaledTentacleSettings(spec).pollingConnectionCount, scriptRunsPerDeployment: scriptRunsPerDeployment(model),
    dbPoolSize: spec.server.dbPoolSize, minK6Instances: spec.load.instances,
  };
}

/** Mean script runs of a deployment of the model: its targets (machines of the environment with the project's role) times its steps. */
export function scriptRunsPerDeployment(model: DeploymentModel): number {
  if (model.deployments.length === 0) return 1;
  const targets = new Map<string, number>();
  for (const m of model.machines) for (const role of m.roles) targets.set(`${m.environmentId}|${role}`, (targets.get(`${m.environmentId}|${role}`) ?? 0) + 1);
  const projects = new Map(model.projects.map((p) => [p.id, p] as const));
  const total = model.deployments.reduce((sum, d) => {
    const project = projects.get(d.projectId)!;
    return sum + (targets.get(`${d.environmentId}|${project.targetRole}`) ?? 0) * Math.max(1, project.stepNames.length);
  }, 0);
  return Math.max(1, total / model.deployments.length);
}

/** The machine the costs were measured on as one pod of each kind: its cores, and the fleet plan's open-file budget. */
export const machineBudget = (costs: UnitCosts): PodBudget => ({ ...KUBERNETES_BUDGET, fleetPodCores: costs.machine.cpus, k6PodCores: costs.machine.cpus });
