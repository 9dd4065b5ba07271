// The netns placement: every part of a run on a network-namespace host of its own (hosts.ts), started,
// signalled and read through that host's agent, never by a local signal or a local file. Parts write
// under their agent's folder (paths relative to the run folder) and collect() brings the files back,
// correcting each host's history to the conductor's clock by its measured offset. The conductor itself
// runs in the "ctl" host (supervisor.ts puts it there).
import fs from "node:fs";
import path from "node:path";
import type { FleetConfig, HistoryOp, ServerNodeConfig } from "../../contracts/index.ts";
import { loopbackAddress } from "../../infra/ports.ts";
import type { PostgresSource } from "../../infra/postgres-source.ts";
import { errors } from "../../lib/errors.ts";
import { runK6Instances } from "../../load/k6-instances.ts";
import { TENTACLE_PORT, type FleetAddresses } from "../../plan/topology.ts";
import { agentPostgres, agentToxiproxy, startAgentK6, startAgentProcess } from "../agent-parts.ts";
import type { AgentClient } from "../agent-client.ts";
import type { ClockOffset, Host, HostClock, Placement } from "../placement.ts";
import { startRestartable } from "../restartable.ts";
import { startHostAgents } from "./agents.ts";
import { combineOffsets, measureClockOffset } from "./clock.ts";
import { NETNS_SUBNET, setHostLink, setHostOutboundDrop, type NetnsHost, type NetnsHosts } from "./hosts.ts";

const TOXIPROXY_PORT = 8474;
const POSTGRES_PORT = 5432;
/** k6 instance i's REST API listens on this + i (not k6's 6565: 6566 is on fetch's list of blocked ports). */
const K6_REST_BASE_PORT = 16_565;
/** Fleet proxies listen on their shard host's address from this port on: one port per machine and link. */
const PROXY_BASE_PORT = 20_000;
/** The loopback /16 tentacles listen on inside their shard's host (each host has a loopback of its own). */
const TENTACLE_BLOCK = 10;

export interface NetnsPlacementOptions {
  hosts: NetnsHosts;
  runDir: string;
  /** Private folder for the token and the agents' folders (removed on close). */
  workDir: string;
  clockSkewMs?: Readonly<Record<string, number>>;
}

export async function makeNetnsPlacement(o: NetnsPlacementOptions): Promise<Placement> {
  const remote = o.hosts.hosts.filter((h) => h.name !== "ctl");
  const agents = await startHostAgents({ hosts: remote, workDir: o.workDir, logsDir: path.join(o.runDir, "agents"), ...(o.clockSkewMs ? { clockSkewMs: o.clockSkewMs } : {}) });
  const clocks: Record<string, HostClock> = {};
  try {
    for (const h of remote) clocks[h.name] = { start: await measureClockOffset(agents.clients.get(h.name)!) };
  } catch (error) {
    await agents.stop();
    throw error;
  }
  const closed = new AbortController();
  const hostByName = new Map(remote.map((h) => [h.name, h] as const));
  const netnsHostOf = (part: string): NetnsHost => {
    const name = part.split("/")[0]!.replace(/^load-\d+$/, "load");
    const host = hostByName.get(name);
    if (!host) throw errors.invalidArgument("part", part, `one placed on a host of this run (${[...hostByName.keys()].join(", ")})`);
    return host;
  };
  const client = (part: string): AgentClient => agents.clients.get(netnsHostOf(part).name)!;
  const relative = (file: string) => {
    const rel = path.relative(o.runDir, file);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw errors.invalidArgument("file", file, `a path inside the run folder ${o.runDir}`);
    return rel;
  };
  const offsetAt = async (name: string): Promise<ClockOffset> => combineOffsets(clocks[name]!.start, await measureClockOffset(agents.clients.get(name)!));

  return {
    kind: "netns",
    record: () => ({ kind: "netns", hosts: o.hosts.hosts.map(asHost), clocks }),
    hostOf: (part) => (part.split("/")[0] === "ctl" ? asHost(o.hosts.hosts.find((h) => h.name === "ctl")!) : asHost(netnsHostOf(part))),
    startPostgres(source: PostgresSource) {
      if (source.kind !== "embedded") throw errors.invalidArgument("--postgres", source.kind, "embedded with --placement netns: the database runs on the db host, which reaches nothing outside the run");
      return agentPostgres(client("db"), { name: "postgres", role: "postgres", logFile: "postgres.log", config: { port: POSTGRES_PORT, allowClients: NETNS_SUBNET } });
    },
    startToxiproxy: (part, t) => agentToxiproxy(client(part), { name: "toxiproxy", role: "toxiproxy", logFile: relative(t.logFile), config: { port: TOXIPROXY_PORT, seed: t.seed } }, t.onRecover),
    startNode: (config: ServerNodeConfig, n) => startRestartable(config.nodeName, () => startAgentProcess(client(config.nodeName), {
      name: config.nodeName, role: "node", logFile: relative(n.logFile), config: { ...config, historyFile: relative(config.historyFile) },
    }, closed.signal)),
    startFleet: (config: FleetConfig, f) => startRestartable(config.fleetName, () => startAgentProcess(client(config.fleetName), {
      name: config.fleetName, role: "fleet", logFile: relative(f.logFile), config: { ...config, historyFile: relative(config.historyFile) },
    }, closed.signal)),
    runLoad: (l) => runK6Instances(l.instances, (segment, paused) => startAgentK6(client("load"), {
      name: `k6-${segment.index + 1}`, role: "k6", logFile: relative(path.join(l.runDir, `k6-${segment.index + 1}.log`)),
      config: { plan: { ...l.plan, summaryFile: relative(l.plan.summaryFile) }, segment, paused, restPort: K6_REST_BASE_PORT + segment.index, ...(l.tags ? { tags: l.tags } : {}) },
    }, (rel) => path.join(o.runDir, rel), 24 * 3_600_000, closed.signal), { summaryFile: l.plan.summaryFile }),
    async reserveFleetAddresses({ nodes }): Promise<FleetAddresses> {
      const stride = 1 + nodes;
      return {
        tentacle: ({ index }) => ({ host: loopbackAddress(TENTACLE_BLOCK, index), port: TENTACLE_PORT }),
        proxy({ shard, slot }, link) {
          const port = PROXY_BASE_PORT + slot * stride + link;
          if (port > 65_535) throw errors.invalidArgument("fleet shard size", slot + 1, `at most ${Math.floor((65_535 - PROXY_BASE_PORT) / stride)} machines per fleet host with ${nodes} nodes (one proxy port each per link): add fleet shards (fleet.processes)`);
          return { host: netnsHostOf(`fleet-${shard + 1}`).address, port };
        },
        release: async () => {},
      };
    },
    async collect(dir) {
      const prefix = relative(dir);
      await Promise.all(remote.map(async (host) => {
        const agent = agents.clients.get(host.name)!;
        const offset = await offsetAt(host.name);
        for (const file of await agent.files(prefix)) {
          const local = path.join(o.runDir, file.path);
          await agent.download(file.path, local);
          if (/history-parts\/[^/]+\.ndjson$/.test(file.path) || /k6-ops(-\d+)?\.ndjson$/.test(file.path)) correctTimes(local, offset.offsetMs);
        }
      }));
    },
    async hostUsage() {
      const entries = await Promise.all(remote.map(async (h) => [h.name, (await agents.clients.get(h.name)!.usage()).host] as const));
      return Object.fromEntries(entries);
    },
    hosts: {
      partition: (part, direction) => (direction === "both" ? setHostLink(o.hosts, netnsHostOf(part), false) : setHostOutboundDrop(netnsHostOf(part), true)),
      heal: (part, direction) => (direction === "both" ? setHostLink(o.hosts, netnsHostOf(part), true) : setHostOutboundDrop(netnsHostOf(part), false)),
    },
    clockToleranceMs: () => Math.max(0, ...Object.values(clocks).map((c) => Math.max(c.start.boundMs, c.end?.boundMs ?? 0))),
    async close() {
      for (const h of remote) {
        const end = await measureClockOffset(agents.clients.get(h.name)!).catch(() => undefined);
        if (end) clocks[h.name]!.end = end;
      }
      closed.abort();
      await agents.stop();
      fs.rmSync(o.workDir, { recursive: true, force: true });
    },
  };
}

const asHost = (h: NetnsHost): Host => ({ name: h.name, address: h.address, roles: [h.name.replace(/-\d+$/, "")] });

/** Rewrites an NDJSON history file's op times from the host's clock to the conductor's (time - offset). */
function correctTimes(file: string, offsetMs: number): void {
  if (Math.round(offsetMs) === 0) return;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const out = lines.map((line) => {
    if (!line) return line;
    const op = JSON.parse(line) as HistoryOp;
    return JSON.stringify({ ...op, time: op.time - Math.round(offsetMs) });
  });
  fs.writeFileSync(file, out.join("\n"));
}
