// The netns placement: every part of a run on a network-namespace host of its own (hosts.ts), started,
// signalled and read through that host's agent (agent-placement.ts), never by a local signal or a local
// file. PostgreSQL runs embedded on the db host, the load on the load host; a host's link can be cut
// at the switch (host faults). The conductor itself runs in the "ctl" host (supervisor.ts puts it there).
import fs from "node:fs";
import path from "node:path";
import type { PostgresSource } from "../../infra/postgres-source.ts";
import { errors } from "../../lib/errors.ts";
import { runK6Instances } from "../../load/k6-instances.ts";
import { agentPostgres, startAgentK6 } from "../agent-parts.ts";
import { makeAgentPlacement } from "../agent-placement.ts";
import type { Host, Placement } from "../placement.ts";
import { startHostAgents } from "./agents.ts";
import { NETNS_SUBNET, setHostLink, setHostOutboundDrop, type NetnsHost, type NetnsHosts } from "./hosts.ts";

const POSTGRES_PORT = 5432;
/** k6 instance i's REST API listens on this + i (not k6's 6565: 6566 is on fetch's list of blocked ports). */
const K6_REST_BASE_PORT = 16_565;

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
  const byName = new Map(remote.map((h) => [h.name, h] as const));
  const hostNameOf = (part: string) => part.split("/")[0]!.replace(/^load-\d+$/, "load");
  const netnsHostOf = (part: string): NetnsHost => {
    const host = byName.get(hostNameOf(part));
    if (!host) throw errors.invalidArgument("part", part, `one placed on a host of this run (${[...byName.keys()].join(", ")})`);
    return host;
  };
  return makeAgentPlacement({
    kind: "netns", runDir: o.runDir,
    hosts: remote.map((h) => ({ ...asHost(h), client: agents.clients.get(h.name)! })),
    recordHosts: o.hosts.hosts.map(asHost),
    hostNameOf,
    otherHost: (part) => (part.split("/")[0] === "ctl" ? asHost(o.hosts.hosts.find((h) => h.name === "ctl")!) : undefined),
    startPostgres(source: PostgresSource, ctx) {
      if (source.kind !== "embedded") throw errors.invalidArgument("--postgres", source.kind, "embedded with --placement netns: the database runs on the db host, which reaches nothing outside the run");
      return agentPostgres(ctx.clientOf("db"), { name: "postgres", role: "postgres", logFile: "postgres.log", config: { port: POSTGRES_PORT, allowClients: NETNS_SUBNET } });
    },
    runLoad: (l, ctx) => runK6Instances(l.instances, (segment, paused) => startAgentK6(ctx.clientOf("load"), {
      name: `k6-${segment.index + 1}`, role: "k6", logFile: ctx.relative(path.join(l.runDir, `k6-${segment.index + 1}.log`)),
      config: { plan: { ...l.plan, summaryFile: ctx.relative(l.plan.summaryFile) }, segment, paused, restPort: K6_REST_BASE_PORT + segment.index, ...(l.tags ? { tags: l.tags } : {}) },
    }, (rel) => path.join(o.runDir, rel), 24 * 3_600_000, ctx.closed), { summaryFile: l.plan.summaryFile }),
    hostControl: {
      partition: (part, direction) => (direction === "both" ? setHostLink(o.hosts, netnsHostOf(part), false) : setHostOutboundDrop(netnsHostOf(part), true)),
      heal: (part, direction) => (direction === "both" ? setHostLink(o.hosts, netnsHostOf(part), true) : setHostOutboundDrop(netnsHostOf(part), false)),
    },
    async stopAgents() {
      await agents.stop();
      fs.rmSync(o.workDir, { recursive: true, force: true });
    },
  });
}

const asHost = (h: NetnsHost): Host => ({ name: h.name, address: h.address, roles: [h.name.replace(/-\d+$/, "")] });
