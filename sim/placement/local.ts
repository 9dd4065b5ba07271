// The local placement: every part of a run on this machine, nodes and fleets as forked children. Each
// part has a loopback address of its own in the run's service block (127.S.0.0/16, reserved for the
// run), so parts listen on fixed ports without probing; each column's tentacles and proxies get a
// pair of /16 blocks of their own. The fastest path and the default (`--placement local`).
import type { FleetConfig, ServerNodeConfig } from "../contracts/index.ts";
import { allocateLoopbackBlock, allocateLoopbackBlocks, loopbackAddress } from "../infra/ports.ts";
import { startPostgres, type PostgresSource } from "../infra/postgres-source.ts";
import { runK6Instances } from "../load/k6-instances.ts";
import { startK6 } from "../load/k6-runner.ts";
import { NODE_API_PORT } from "../plan/ports.ts";
import { POLLING_PROXY_BASE_PORT, TENTACLE_PORT, type FleetAddresses } from "../plan/topology.ts";
import { startFleet } from "./fleet-process.ts";
import { startNodeProcess } from "./node-process.ts";
import type { Host, Placement } from "./placement.ts";
import { startRecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import { startRestartable, trimTornTail } from "./restartable.ts";

export interface LocalTools {
  k6: string;
  toxiproxy: string;
}

/** Third octet of a part's address in the service block, by the part's kind; the fourth is its number. */
const GROUP_OF: Readonly<Record<string, number>> = { db: 0, node: 1, fleet: 2, load: 3 };
/** Port of a k6 instance's REST API (k6's default), on its own address. */
const K6_REST_PORT = 6565;

export async function makeLocalPlacement(tools: LocalTools): Promise<Placement> {
  const service = await allocateLoopbackBlock(NODE_API_PORT);
  const hostOf = (part: string): Host => {
    const name = part.split("/")[0]!;
    const [, kind = name, number = "1"] = /^([a-z]+)-(\d+)$/.exec(name) ?? [];
    const group = GROUP_OF[kind];
    if (group === undefined) throw new Error(`local placement: no host for part ${JSON.stringify(part)}`);
    // .0.1 holds the block's reservation; the database host is .0.2
    return { name, address: `127.${service.block}.${group}.${group === 0 ? 2 : Number(number)}`, roles: [kind] };
  };
  return {
    kind: "local",
    record: () => ({ kind: "local", hosts: [{ name: "local", address: `127.${service.block}.0.0/16`, roles: ["ctl", "db", "node", "fleet", "load"] }] }),
    hostOf,
    startPostgres: (source: PostgresSource) => startPostgres(source),
    startToxiproxy: (_part, o) => startRecoverableToxiproxy({ binPath: tools.toxiproxy, logFile: o.logFile, seed: o.seed }, o.onRecover),
    startNode: (config: ServerNodeConfig, o) => startRestartable(
      config.nodeName,
      () => startNodeProcess(config, { logFile: o.logFile, ...(o.readyTimeoutMs ? { readyTimeoutMs: o.readyTimeoutMs } : {}) }),
      { afterExit: () => trimTornTail(config.historyFile) },
    ),
    startFleet: (config: FleetConfig, o) => startRestartable(
      config.fleetName,
      () => startFleet(config, { logFile: o.logFile }),
      { afterExit: () => trimTornTail(config.historyFile) },
    ),
    runLoad: (o) => runK6Instances(o.instances, (segment, paused) => startK6({
      ...o, k6Path: tools.k6, segment, paused, ...(paused ? { restAddress: `${hostOf(`load-${segment.index + 1}`).address}:${K6_REST_PORT}` } : {}),
    }), { summaryFile: o.plan.summaryFile }),
    async reserveFleetAddresses(): Promise<FleetAddresses> { // one machine per address: no port depends on the node count
      const blocks = await allocateLoopbackBlocks(TENTACLE_PORT);
      return loopbackFleetAddresses(blocks);
    },
    collect: async () => {}, // the parts wrote into the run folder themselves
    hostUsage: async () => ({}),
    clockToleranceMs: () => 0,
    close: () => service.release(),
  };
}

/**
 * The local scheme: machine k's tentacle on address k of the tentacle /16 at port 10933, its proxy on
 * address k of the proxy /16 at 10933 (polling link to node n: 10943 + n); one machine per address, so
 * shards need no ports of their own.
 */
export function loopbackFleetAddresses(blocks: { tentacleBlock: number; proxyBlock: number; release(): Promise<void> }): FleetAddresses {
  return {
    tentacle: ({ index }) => ({ host: loopbackAddress(blocks.tentacleBlock, index), port: TENTACLE_PORT }),
    proxy: ({ index }, link) => ({ host: loopbackAddress(blocks.proxyBlock, index), port: link === 0 ? TENTACLE_PORT : POLLING_PROXY_BASE_PORT + link - 1 }),
    release: () => blocks.release(),
  };
}

