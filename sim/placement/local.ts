// The local placement: every part of a run on this machine, nodes and fleets as forked children,
// tentacles and proxies on loopback /16 blocks reserved for the pass (infra/ports.ts). The fastest
// path and the default (`--placement local`).
import type { FleetConfig, ServerNodeConfig } from "../contracts/index.ts";
import { allocateLoopbackBlocks, freePorts, loopbackAddress } from "../infra/ports.ts";
import { startPostgres, type PostgresSource } from "../infra/postgres-source.ts";
import { runK6 } from "../load/k6-runner.ts";
import { TENTACLE_PORT, type FleetAddresses } from "../plan/topology.ts";
import { startFleet } from "./fleet-process.ts";
import { startNodeProcess } from "./node-process.ts";
import type { Host, Placement } from "./placement.ts";
import { startRecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import { startRestartable, trimTornTail } from "./restartable.ts";

export interface LocalTools {
  k6: string;
  toxiproxy: string;
}

const LOCAL_HOST: Host = { name: "local", address: "127.0.0.1", roles: ["ctl", "db", "node", "fleet", "load"] };

export function makeLocalPlacement(tools: LocalTools): Placement {
  return {
    kind: "local",
    record: () => ({ kind: "local", hosts: [LOCAL_HOST] }),
    hostOf: () => LOCAL_HOST,
    async portsFor(parts) {
      const ports = await freePorts(parts.length, LOCAL_HOST.address);
      return new Map(parts.map((part, i) => [part, ports[i]!] as const));
    },
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
    runLoad: (o) => runK6({ ...o, k6Path: tools.k6 }),
    async reserveFleetAddresses(): Promise<FleetAddresses> {
      const blocks = await allocateLoopbackBlocks(TENTACLE_PORT);
      return {
        tentacleAddress: (index) => loopbackAddress(blocks.tentacleBlock, index),
        proxyAddress: (index) => loopbackAddress(blocks.proxyBlock, index),
        release: () => blocks.release(),
      };
    },
  };
}
