// Where everything of one strategy pass listens (the placement's FleetAddresses say where exactly).
// Listening machine k: its tentacle listens on its shard's host, its proxy in front of it; the server
// calls that proxy. Polling machine k: one proxy per node, in front of that node's polling endpoint;
// the tentacle polls through them and the server knows it as poll://<id>/. Locally (loopback blocks)
// tentacle k listens on address k of the tentacle /16, port 10933, its proxy on address k of the proxy
// /16, port 10933 (polling: 10943 + node index). Machine modes, segments and single-node polling are seeded.

import { pollingEndpoint, seededRng, type FixtureMachine, type FixtureSet, type PollingTentacleSpec, type TentacleSpec } from "../contracts/index.ts";
import type { DeploymentModel, ModelMachine } from "../../fixtures/generate.ts";

/** The production listening-tentacle port. */
export const TENTACLE_PORT = 10933;
/** Polling proxies listen on this port + the node's index (Halibut's polling port is 10943). */
export const POLLING_PROXY_BASE_PORT = 10943;

/** Where a machine sits in the fleet: its fleet shard (a fleet process and its toxiproxy-server) and its place in the shard. */
export interface MachinePlace {
  /** Machine index in the model. */
  index: number;
  shard: number;
  /** 0-based position among its shard's machines. */
  slot: number;
}

export interface Endpoint {
  host: string;
  port: number;
}

/** Where a pass's fleet listens (each placement has its own scheme); held until released. */
export interface FleetAddresses {
  /** Where a machine's tentacle listens, on its shard's host. */
  tentacle(place: MachinePlace): Endpoint;
  /** Where a machine's proxy listens: link 0 its listening proxy, link 1 + n its polling link to node n. */
  proxy(place: MachinePlace, link: number): Endpoint;
  release(): Promise<void>;
}

export interface ProxySpec {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export interface Topology {
  /** Listening tentacles. */
  tentacles: TentacleSpec[];
  pollingTentacles: PollingTentacleSpec[];
  /** Listening proxies are named <machine id>, polling ones <machine id>@<node>. */
  proxies: ProxySpec[];
  fixtures: FixtureSet;
}

export interface TopologyOptions {
  /** Each machine's place (by index); default: every machine in shard 0, slot = index. */
  places?: readonly MachinePlace[];
  /** Machines (seeded choice) that poll instead of listening. */
  polling?: number;
  /** Each node's polling endpoint, in node order (needed when polling > 0). */
  pollingNodes?: readonly { name: string; url: string }[];
  /** Seeded `count` of the polling machines poll only node `node` (1-based): domain.md scenario 8. */
  pollOneNode?: { count: number; node: number };
  /** Data centres: contiguous blocks of machines, "dc-1".."dc-N". */
  segments?: number;
  seed?: number;
  /** Behaviour group of machine i (absent = the fleet default). */
  behaviourOf?: (machine: ModelMachine, index: number) => string | undefined;
}

export function buildTopology(model: DeploymentModel, addresses: Pick<FleetAddresses, "tentacle" | "proxy">, o: TopologyOptions = {}): Topology {
  const n = model.machines.length;
  const polling = pollingIndexes(n, o.polling ?? 0, o.seed ?? 0);
  const nodes = o.pollingNodes ?? [];
  if (polling.size > 0 && nodes.length === 0) throw new Error(`topology: ${polling.size} polling machines but no pollingNodes were given`);
  const oneNode = o.pollOneNode && o.pollOneNode.count > 0 ? new Set([...polling].slice(0, o.pollOneNode.count)) : new Set<number>();
  const tentacles: TentacleSpec[] = [];
  const pollingTentacles: PollingTentacleSpec[] = [];
  const proxies: ProxySpec[] = [];
  const machines: FixtureMachine[] = model.machines.map((machine, i) => {
    const place = o.places?.[i] ?? { index: i, shard: 0, slot: i };
    const behaviour = o.behaviourOf?.(machine, i);
    const segment = segmentName(i, n, o.segments ?? 1);
    if (!polling.has(i)) {
      const tentacle = addresses.tentacle(place);
      const proxy = addresses.proxy(place, 0);
      tentacles.push({ id: machine.id, listenHost: tentacle.host, listenPort: tentacle.port, ...(behaviour ? { behaviour } : {}) });
      proxies.push({ name: machine.id, listen: `${proxy.host}:${proxy.port}`, upstream: `${tentacle.host}:${tentacle.port}`, enabled: true });
      return { ...machine, endpoint: `http://${proxy.host}:${proxy.port}`, mode: "listening", segment };
    }
    const polled = oneNode.has(i) ? [nodes[o.pollOneNode!.node - 1]!] : nodes;
    const endpoints = polled.map((node) => {
      const proxy = addresses.proxy(place, 1 + nodes.indexOf(node));
      proxies.push({ name: `${machine.id}@${node.name}`, listen: `${proxy.host}:${proxy.port}`, upstream: new URL(node.url).host, enabled: true });
      return { node: node.name, url: `http://${proxy.host}:${proxy.port}` };
    });
    pollingTentacles.push({ id: machine.id, endpoints, ...(behaviour ? { behaviour } : {}) });
    return { ...machine, endpoint: pollingEndpoint(machine.id), mode: "polling", segment };
  });
  return { tentacles, pollingTentacles, proxies, fixtures: { projects: model.projects, environments: model.environments, machines } };
}

/** Segment (data centre) of machine `index` of `n` split into `segments` contiguous blocks: "dc-1".. */
export function segmentName(index: number, n: number, segments: number): string {
  return `dc-${Math.floor((index * segments) / n) + 1}`;
}

/** Indexes of the polling machines: a seeded choice of `count` of `n`, in the seeded order. */
export function pollingIndexes(n: number, count: number, seed: number): Set<number> {
  if (count <= 0) return new Set();
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = seededRng(seed, "polling-machines");
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return new Set(order.slice(0, Math.min(count, n)));
}
