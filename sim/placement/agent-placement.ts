// What every placement whose parts live on hosts of their own shares (netns hosts, Kubernetes pods):
// parts started, signalled and read only through their host's agent; the fleet's proxies on the shard
// host's address, one port per machine and link; files brought back from the agents with each host's
// history corrected to the conductor's clock by its measured offset (start and end); per-host usage.
// The kind supplies where a part lives, PostgreSQL, the load, and its hosts' links if it can cut them.
import fs from "node:fs";
import path from "node:path";
import type { FleetConfig, HistoryOp, ServerNodeConfig } from "../contracts/index.ts";
import type { HostControl } from "../faults/index.ts";
import { loopbackAddress } from "../infra/ports.ts";
import { fileEvidence, markComplete } from "../history/index.ts";
import { writeFileAtomicSync } from "../lib/atomic-file.ts";
import type { PostgresSource } from "../infra/postgres-source.ts";
import type { RunningPostgres } from "../infra/postgres.ts";
import { errors } from "../lib/errors.ts";
import type { LoadResult } from "../load/k6-instances.ts";
import { FLEET_PROXY_BASE_PORT as PROXY_BASE_PORT, TOXIPROXY_API_PORT as TOXIPROXY_PORT } from "../plan/ports.ts";
import { TENTACLE_PORT, type FleetAddresses } from "../plan/topology.ts";
import type { AgentClient } from "./agent-client.ts";
import { agentToxiproxy, startAgentProcess } from "./agent-parts.ts";
import { combineOffsets, measureClockOffset } from "./host-clock.ts";
import type { ClockOffset, Host, HostClock, LoadOptions, Placement, PlacementKind } from "./placement.ts";
import { startRestartable } from "./restartable.ts";

/** The loopback /16 tentacles listen on inside their shard's host (each host has a loopback of its own). */
const TENTACLE_BLOCK = 10;

export interface AgentHost extends Host {
  client: AgentClient;
}

/** What a part needs of its placement besides its agent: a path inside the run folder, made relative. */
export interface AgentPartContext {
  clientOf(part: string): AgentClient;
  relative(file: string): string;
  /** Aborted when the placement closes (exit watches and long polls end). */
  closed: AbortSignal;
}

export interface AgentPlacementOptions {
  kind: PlacementKind;
  runDir: string;
  /** Every host with an agent. */
  hosts: readonly AgentHost[];
  /** The hosts summary.json lists (may include the conductor's). */
  recordHosts: readonly Host[];
  /** The agent host of a part ("node-2", "fleet-1/...", "db/link-node-2", ...); throws for a part it does not place. */
  hostNameOf(part: string): string;
  /** A host that is not an agent's (the conductor's "ctl"), by part name. */
  otherHost?(part: string): Host | undefined;
  startPostgres(source: PostgresSource, ctx: AgentPartContext): Promise<RunningPostgres>;
  runLoad(o: LoadOptions, ctx: AgentPartContext): Promise<LoadResult>;
  hostControl?: HostControl;
  /** Stops the agents (each stops what it started); after the end clocks are measured. */
  stopAgents(): Promise<void>;
}

export async function makeAgentPlacement(o: AgentPlacementOptions): Promise<Placement> {
  const clocks: Record<string, HostClock> = {};
  try {
    for (const h of o.hosts) clocks[h.name] = { start: await measureClockOffset(h.client) };
  } catch (error) {
    await o.stopAgents();
    throw error;
  }
  const closed = new AbortController();
  const byName = new Map(o.hosts.map((h) => [h.name, h] as const));
  const agentHostOf = (part: string): AgentHost => {
    const host = byName.get(o.hostNameOf(part));
    if (!host) throw errors.invalidArgument("part", part, `one placed on a host of this run (${[...byName.keys()].join(", ")})`);
    return host;
  };
  const relative = (file: string) => {
    const rel = path.relative(o.runDir, file);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw errors.invalidArgument("file", file, `a path inside the run folder ${o.runDir}`);
    return rel;
  };
  const ctx: AgentPartContext = { clientOf: (part) => agentHostOf(part).client, relative, closed: closed.signal };
  const asHost = ({ name, address, roles }: Host): Host => ({ name, address, roles });
  return {
    kind: o.kind,
    record: () => ({ kind: o.kind, hosts: o.recordHosts.map(asHost), clocks }),
    hostOf: (part) => o.otherHost?.(part) ?? asHost(agentHostOf(part)),
    startPostgres: (source) => o.startPostgres(source, ctx),
    startToxiproxy: (part, t) => agentToxiproxy(ctx.clientOf(part), { name: "toxiproxy", role: "toxiproxy", logFile: relative(t.logFile), config: { port: TOXIPROXY_PORT, seed: t.seed } }, t.onRecover),
    startNode: (config: ServerNodeConfig, n) => startRestartable(config.nodeName, () => startAgentProcess(ctx.clientOf(config.nodeName), {
      name: config.nodeName, role: "node", logFile: relative(n.logFile), config: { ...config, historyFile: relative(config.historyFile) },
    }, closed.signal)),
    startFleet: (config: FleetConfig, f) => startRestartable(config.fleetName, () => startAgentProcess(ctx.clientOf(config.fleetName), {
      name: config.fleetName, role: "fleet", logFile: relative(f.logFile), config: { ...config, historyFile: relative(config.historyFile) },
    }, closed.signal)),
    runLoad: (l) => o.runLoad(l, ctx),
    async reserveFleetAddresses({ nodes }): Promise<FleetAddresses> {
      const stride = 1 + nodes;
      return {
        tentacle: ({ index }) => ({ host: loopbackAddress(TENTACLE_BLOCK, index), port: TENTACLE_PORT }),
        proxy({ shard, slot }, link) {
          const port = PROXY_BASE_PORT + slot * stride + link;
          if (port > 65_535) throw errors.invalidArgument("fleet shard size", slot + 1, `at most ${Math.floor((65_535 - PROXY_BASE_PORT) / stride)} machines per fleet host with ${nodes} nodes (one proxy port each per link): add fleet shards (fleet.processes)`);
          return { host: agentHostOf(`fleet-${shard + 1}`).address, port };
        },
        release: async () => {},
      };
    },
    async collect(dir) {
      const prefix = relative(dir);
      await Promise.all(o.hosts.map(async (host) => {
        const offset: ClockOffset = combineOffsets(clocks[host.name]!.start, await measureClockOffset(host.client));
        for (const file of await host.client.files(prefix)) {
          const local = path.join(o.runDir, file.path);
          await host.client.download(file.path, local);
          if (/history-parts\/[^/]+\.ndjson$/.test(file.path) || /k6-ops(-\d+)?\.ndjson$/.test(file.path)) correctTimes(local, offset.offsetMs);
        }
      }));
    },
    async hostUsage() {
      return Object.fromEntries(await Promise.all(o.hosts.map(async (h) => [h.name, (await h.client.usage()).host] as const)));
    },
    ...(o.hostControl ? { hosts: o.hostControl } : {}),
    clockToleranceMs: () => Math.max(0, ...Object.values(clocks).map((c) => Math.max(c.start.boundMs, c.end?.boundMs ?? 0))),
    async close() {
      for (const h of o.hosts) {
        const end = await measureClockOffset(h.client).catch(() => undefined);
        if (end) clocks[h.name]!.end = end;
      }
      closed.abort();
      await o.stopAgents();
    },
  };
}

/** Rewrites an NDJSON history file's op times from the host's clock to the conductor's (time - offset). */
function correctTimes(file: string, offsetMs: number): void {
  if (Math.round(offsetMs) === 0) return;
  const whole = fileEvidence(file).state === "complete";
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const out = lines.map((line) => {
    if (!line) return line;
    const op = JSON.parse(line) as HistoryOp;
    return JSON.stringify({ ...op, time: op.time - Math.round(offsetMs) });
  });
  writeFileAtomicSync(file, out.join("\n"));
  if (whole) markComplete(file); // the same ops, shifted: still whole
}
