// What a scenario's fleet becomes for one pass: behaviour groups resolved to concrete (scaled)
// behaviours per machine, the topology, and the machines split into fleet shards — one fleet process
// and one toxiproxy-server holding exactly its machines' proxies, so a shard can live on a host of its
// own — as many as keep each process inside its open-file budget (ulimit -n 20000, fixed).

import path from "node:path";
import { seededRng, type FleetConfig, type TentacleBehaviour } from "../contracts/index.ts";
import { generateModel, type DeploymentModel, type ModelMachine } from "../../fixtures/generate.ts";
import { scaledMs, scaledTentacleSettings, type BehaviourGroup, type ScenarioSpec } from "../scenario/index.ts";
import { buildTopology, pollingIndexes, segmentName, type FleetAddresses, type MachinePlace, type ProxySpec, type Topology } from "./topology.ts";

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
  addresses: Pick<FleetAddresses, "tentacle" | "proxy">;
  pollingNodes: readonly { name: string; url: string }[];
  /** Folder of the history parts: fleet-N.ndjson goes there. */
  historyDir: string;
}

export function planFleet(i: FleetPlanInput): FleetPlan {
  const { spec } = i;
  const { behaviours, nameOf } = resolveBehaviours(spec, i.model.machines);
  const model = withPackages(i.model, spec.fleet.packageSizeMiB);
  const n = model.machines.length;
  const polling = pollingIndexes(n, spec.fleet.polling, spec.seed);
  const listeningIndexes = Array.from({ length: n }, (_, k) => k).filter((k) => !polling.has(k));
  const pollingOrder = Array.from({ length: n }, (_, k) => k).filter((k) => polling.has(k));
  const shards = shardCount(spec, listeningIndexes.length, pollingOrder.length);
  const places = placeMachines(n, listeningIndexes, pollingOrder, shards);
  const topology = buildTopology(model, i.addresses, {
    polling: spec.fleet.polling, pollingNodes: i.pollingNodes, pollOneNode: spec.fleet.pollOneNode, places,
    segments: spec.fleet.segments, seed: spec.seed, behaviourOf: (_m, index) => nameOf[index],
  });
  const base = behaviours.default!;
  const shardOfId = new Map(model.machines.map((m, k) => [m.id, places[k]!.shard] as const));
  const shardConfigs = Array.from({ length: shards }, (_, p): FleetConfig => ({
    fleetName: `fleet-${p + 1}`,
    seed: spec.seed,
    tentacles: topology.tentacles.filter((t) => shardOfId.get(t.id) === p),
    pollingTentacles: topology.pollingTentacles.filter((t) => shardOfId.get(t.id) === p),
    scriptDurationMs: base.scriptDurationMs,
    scriptFailureRate: base.scriptFailureRate,
    behaviours,
    halibut: scaledTentacleSettings(spec),
    historyFile: path.join(i.historyDir, `fleet-${p + 1}.ndjson`),
  }));
  const used = shardConfigs.map((c, p) => ({ config: c, p })).filter(({ config }) => config.tentacles.length + config.pollingTentacles!.length > 0);
  return {
    topology,
    fleetConfigs: used.map(({ config }) => config),
    proxyShards: used.map(({ p }) => topology.proxies.filter((proxy) => shardOfId.get(machineIdOfProxy(proxy.name)) === p)),
  };
}

/** Fleet shards: as the scenario says, else as many as keep every fleet process and toxiproxy-server inside its open-file budget. */
export function shardCount(spec: ScenarioSpec, listening: number, polling: number): number {
  const { fleetFds, proxyFds } = fleetDescriptors(spec, listening, polling);
  return spec.fleet.processes ?? spec.fleet.proxyShards ?? Math.max(1, Math.ceil(fleetFds / FD_BUDGET_PER_PROCESS), Math.ceil(proxyFds / FD_BUDGET_PER_PROCESS));
}

/** Descriptors the whole fleet holds open: its tentacles' (listeners and connections from every node) and its proxies'. */
export function fleetDescriptors(spec: ScenarioSpec, listening: number, polling: number): { fleetFds: number; proxyFds: number } {
  const nodes = spec.server.nodes;
  const count = halibutCount(spec);
  return {
    fleetFds: listening * (1 + nodes) + polling * nodes * count,
    proxyFds: listening * (1 + 2 * nodes) + polling * nodes * (1 + 2 * count),
  };
}

/** Each machine's shard and slot: listening machines in contiguous slices over the shards, polling machines likewise, listening first within a shard. */
export function placeMachines(n: number, listening: readonly number[], polling: readonly number[], shards: number): MachinePlace[] {
  const places: MachinePlace[] = new Array(n);
  const slots = new Array<number>(shards).fill(0);
  for (const order of [listening, polling]) {
    const size = Math.max(1, Math.ceil(order.length / shards));
    order.forEach((index, k) => {
      const shard = Math.floor(k / size);
      places[index] = { index, shard, slot: slots[shard]!++ };
    });
  }
  return places;
}

/** Tentacle proxies are named by machine id, optionally followed by "@<node>" (one per polling link). */
export const machineIdOfProxy = (proxyName: string): string => proxyName.split(/[@/]/)[0]!;

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

/** The seeded deployment model of a scenario (the same in every pass and on every machine). */
export const modelOf = (spec: ScenarioSpec): DeploymentModel => generateModel(spec.seed, { ...spec.fleet, machines: spec.fleet.listening + spec.fleet.polling });

/** The deployment model and fleet plan of one strategy pass on `addresses`, polling `pollingNodes`. */
export function planPassFleet(spec: ScenarioSpec, historyDir: string, addresses: Pick<FleetAddresses, "tentacle" | "proxy">, pollingNodes: { name: string; url: string }[]): PassFleet {
  const model = modelOf(spec);
  const plan = planFleet({ spec, model, addresses, pollingNodes, historyDir });
  return { model, plan, pollingNodes };
}
