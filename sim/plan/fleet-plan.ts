// What a scenario's fleet becomes for one pass: behaviour groups resolved to concrete (scaled)
// behaviours per machine, the topology, and the machines split into fleet shards — one fleet process
// and one toxiproxy-server holding exactly its machines' proxies, so a shard can live on a host of its
// own — as many as keep each process inside its open-file budget (ulimit -n 20000, fixed).

import path from "node:path";
import { seededRng, type FleetConfig, type TentacleBehaviour } from "../contracts/index.ts";
import { generateModel, type DeploymentModel, type ModelMachine } from "../../fixtures/generate.ts";
import { scaledMs, scaledTentacleSettings, type BehaviourGroup, type ScenarioSpec } from "../scenario/index.ts";
import { buildTopology, pollingIndexes, segmentName, type FleetAddresses, type ProxySpec, type Topology } from "./topology.ts";

/** Descriptors one process may use for tentacles or proxies, leaving room under ulimit -n 20000. */
export const FD_BUDGET_PER_PROCESS = 16_000;
const MIB = 1 << 20;

export interface FleetPlan {
  topology: Topology;
  /** One per fleet shard, named fleet-1, fleet-2, ... */
  fleetConfigs: FleetConfig[];
  /** The proxies of each fleet shard's machines, for that shard's own toxiproxy-server (same order as fleetConfigs). */
  proxyShards: ProxySpec[][];
}

export interface FleetPlanInput {
  spec: ScenarioSpec;
  model: DeploymentModel;
  addresses: Pick<FleetAddresses, "tentacleAddress" | "proxyAddress">;
  pollingNodes: readonly { name: string; url: string }[];
  /** Folder of the history parts: fleet-N.ndjson goes there. */
  historyDir: string;
}

export function planFleet(i: FleetPlanInput): FleetPlan {
  const { spec } = i;
  const { behaviours, nameOf } = resolveBehaviours(spec, i.model.machines);
  const model = withPackages(i.model, spec.fleet.packageSizeMiB);
  const topology = buildTopology(model, i.addresses, {
    polling: spec.fleet.polling, pollingNodes: i.pollingNodes, pollOneNode: spec.fleet.pollOneNode,
    segments: spec.fleet.segments, seed: spec.seed, behaviourOf: (_m, index) => nameOf[index],
  });
  const nodes = spec.server.nodes;
  const count = halibutCount(spec);
  const fleetFds = topology.tentacles.length * (1 + nodes) + topology.pollingTentacles.reduce((n, t) => n + t.endpoints.length * count, 0);
  const proxyFds = topology.proxies.reduce((n, proxy) => n + 1 + 2 * (proxy.name.includes("@") ? count : nodes), 0);
  const processes = spec.fleet.processes ?? spec.fleet.proxyShards ?? Math.max(1, Math.ceil(fleetFds / FD_BUDGET_PER_PROCESS), Math.ceil(proxyFds / FD_BUDGET_PER_PROCESS));
  const base = behaviours.default!;
  const parts = Array.from({ length: processes }, (_, p) => ({ tentacles: slice(topology.tentacles, p, processes), polling: slice(topology.pollingTentacles, p, processes) }))
    .filter((part) => part.tentacles.length + part.polling.length > 0);
  const fleetConfigs = parts.map((part, p): FleetConfig => ({
    fleetName: `fleet-${p + 1}`,
    seed: spec.seed,
    tentacles: part.tentacles,
    pollingTentacles: part.polling,
    scriptDurationMs: base.scriptDurationMs,
    scriptFailureRate: base.scriptFailureRate,
    behaviours,
    halibut: scaledTentacleSettings(spec),
    historyFile: path.join(i.historyDir, `fleet-${p + 1}.ndjson`),
  }));
  const shardOf = new Map(fleetConfigs.flatMap((c, p) => [...c.tentacles, ...(c.pollingTentacles ?? [])].map((t) => [t.id, p] as const)));
  const proxyShards = fleetConfigs.map((): ProxySpec[] => []);
  for (const proxy of topology.proxies) proxyShards[shardOf.get(machineIdOfProxy(proxy.name))!]!.push(proxy);
  return { topology, fleetConfigs, proxyShards };
}

/** Tentacle proxies are named by machine id, optionally followed by "@<node>" (one per polling link). */
export const machineIdOfProxy = (proxyName: string): string => proxyName.split(/[@/]/)[0]!;

/** Contiguous part p of n of `items`. */
function slice<T>(items: readonly T[], p: number, n: number): T[] {
  const size = Math.ceil(items.length / n);
  return items.slice(p * size, (p + 1) * size);
}

function halibutCount(spec: ScenarioSpec): number {
  return scaledTentacleSettings(spec).pollingConnectionCount;
}

function withPackages(model: DeploymentModel, packageSizeMiB: number): DeploymentModel {
  if (packageSizeMiB <= 0) return model;
  return { ...model, projects: model.projects.map((p) => ({ ...p, packageSizeBytes: Math.round(packageSizeMiB * MIB) })) };
}

type BehaviourFields = Omit<BehaviourGroup, "name" | "select">;

/**
 * Every machine starts with the fleet-level behaviour; each group (in order) picks its machines
 * (filters, then a seeded fraction or count) and overrides their fields. Machines with the same
 * groups share one named behaviour: "default", or the group names joined by "+".
 */
export function resolveBehaviours(spec: ScenarioSpec, machines: readonly ModelMachine[]): { behaviours: Record<string, TentacleBehaviour>; nameOf: (string | undefined)[] } {
  const f = spec.fleet;
  const baseFields: BehaviourFields = {
    scriptDurationS: f.scriptDurationS, scriptDurationShape: f.scriptDurationShape, scriptFailureRate: f.scriptFailureRate,
    hangRate: f.hangRate, uploadSPerMiB: f.uploadSPerMiB, bypassDeploymentMutex: f.bypassDeploymentMutex, ...(f.crash ? { crash: f.crash } : {}),
  };
  const groupsOf: string[][] = machines.map(() => []);
  const polling = pollingIndexes(machines.length, f.polling, spec.seed);
  const modeOf = (index: number) => (polling.has(index) ? "polling" : "listening");
  const segmentOf = (index: number) => segmentName(index, machines.length, f.segments);
  for (const group of f.behaviours) {
    const { segment, role, mode, fraction, count } = group.select;
    const candidates = machines.flatMap((m, index) =>
      (segment === undefined || segmentOf(index) === segment) && (role === undefined || m.roles.includes(role)) && (mode === undefined || modeOf(index) === mode) ? [index] : []);
    const rng = seededRng(spec.seed, `behaviour:${group.name}`);
    for (let k = candidates.length - 1; k > 0; k--) {
      const j = Math.floor(rng() * (k + 1));
      [candidates[k], candidates[j]] = [candidates[j]!, candidates[k]!];
    }
    const take = count !== undefined ? Math.min(count, candidates.length) : fraction !== undefined ? Math.round(candidates.length * fraction) : candidates.length;
    for (const index of candidates.slice(0, take)) groupsOf[index]!.push(group.name);
  }
  const behaviours: Record<string, TentacleBehaviour> = { default: scaleBehaviour(spec, baseFields) };
  const nameOf = groupsOf.map((names) => {
    if (names.length === 0) return undefined;
    const name = names.join("+");
    if (!behaviours[name]) {
      const fields = names.reduce<BehaviourFields>((acc, n) => ({ ...acc, ...withoutMeta(f.behaviours.find((g) => g.name === n)!) }), baseFields);
      behaviours[name] = scaleBehaviour(spec, fields);
    }
    return name;
  });
  return { behaviours, nameOf };
}

function withoutMeta(group: BehaviourGroup): BehaviourFields {
  const { name: _name, select: _select, ...fields } = group;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as BehaviourFields;
}

function scaleBehaviour(spec: ScenarioSpec, b: BehaviourFields): TentacleBehaviour {
  const ms = (s: number) => scaledMs(s, spec.timeScale);
  const duration = b.scriptDurationS ?? spec.fleet.scriptDurationS;
  return {
    scriptDurationMs: { min: ms(duration.min), max: ms(duration.max), shape: b.scriptDurationShape ?? "uniform" },
    scriptFailureRate: b.scriptFailureRate ?? 0,
    hangRate: b.hangRate ?? 0,
    uploadMsPerMiB: b.uploadSPerMiB ? ms(b.uploadSPerMiB) : 0,
    ...(b.crash ? { crash: { meanIntervalMs: ms(b.crash.meanIntervalS), downMs: ms(b.crash.downS) } } : {}),
    bypassDeploymentMutex: b.bypassDeploymentMutex ?? false,
  };
}

export interface PassFleet {
  model: DeploymentModel;
  plan: FleetPlan;
  /** Each node's polling endpoint (empty when no machine polls). */
  pollingNodes: { name: string; url: string }[];
}

/** The deployment model and fleet plan of one strategy pass on `addresses`, polling `pollingNodes`. */
export function planPassFleet(spec: ScenarioSpec, historyDir: string, addresses: Pick<FleetAddresses, "tentacleAddress" | "proxyAddress">, pollingNodes: { name: string; url: string }[]): PassFleet {
  const model = generateModel(spec.seed, { ...spec.fleet, machines: spec.fleet.listening + spec.fleet.polling });
  const plan = planFleet({ spec, model, addresses, pollingNodes, historyDir });
  return { model, plan, pollingNodes };
}
