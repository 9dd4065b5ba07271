// The system under test of one pass, started through the placement in dependency order: PostgreSQL,
// the toxiproxy-servers with one proxy per node in front of the database (one server per host holding
// database links: the db host's, or each node's own pod), the nodes (they migrate on start), the
// fixtures seeded through the first node, the fleet shards behind their proxies.
// Everything is registered with `defer` as it starts, so the caller's scope stops it, however the pass ends.
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { PostgresSource } from "../infra/postgres-source.ts";
import type { RunningPostgres } from "../infra/postgres.ts";
import { databaseProxyName, planDatabaseProxies } from "../plan/database-proxies.ts";
import { nodeConfigs, type StrategyToRun } from "../plan/node-config.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { startPlannedFleet, type RunningFleetPlan } from "./fleet.ts";
import { seedFixtures, startNodes, type RunningNode } from "./nodes.ts";
import type { Placement } from "./placement.ts";
import type { PassPlan } from "./plan-pass.ts";
import type { RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";

export interface SystemOptions {
  placement: Placement;
  spec: ScenarioSpec;
  strategy: StrategyToRun;
  postgres: PostgresSource;
  /** The pass, planned before anything started (planPass). */
  plan: PassPlan;
  logsDir: string;
  historyDir: string;
  signal: AbortSignal;
  defer: <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => T;
  /** Called as each step begins ("start 3 nodes", ...), for progress. */
  say?: (step: string) => void;
  onToxiproxyRecover?: (why: string, tookMs: number) => void;
  /** Settings every node gets on top of the scenario's. */
  nodeOverrides?: Partial<Omit<ServerNodeConfig, "nodeName" | "host" | "port">>;
  /** Time allowed for every polling tentacle to connect; default 60 s. */
  pollingReadyTimeoutMs?: number;
  /** Time allowed for each node to report ready; default 30 s. */
  nodeReadyTimeoutMs?: number;
}

/** A toxiproxy-server holding database links: "db" when one server holds them all, else "db-<host>". */
export interface DatabaseLinkServer {
  name: string;
  server: RecoverableToxiproxy;
  /** The database proxies it holds ("db-node-2"). */
  proxyNames: string[];
}

export interface RunningSystem {
  postgres: RunningPostgres;
  /** The toxiproxy-servers of the database links (one proxy per node in front of PostgreSQL). */
  databaseLinks: DatabaseLinkServer[];
  nodes: RunningNode[];
  fleet: RunningFleetPlan;
  apiKey: string;
  /** How long each step took, ms. */
  timingsMs: { postgres: number; nodes: number; fleet: number };
}

export async function startSystem(o: SystemOptions): Promise<RunningSystem> {
  const { placement, spec, defer } = o;
  const say = o.say ?? (() => {});
  const elapsed = (from: number) => Math.round(performance.now() - from);
  let from = performance.now();
  const postgres = defer("postgres", await placement.startPostgres(o.postgres), (p) => p.stop());
  const postgresMs = elapsed(from);
  const recover = o.onToxiproxyRecover ? { onRecover: o.onToxiproxyRecover } : {};
  const apiKey = `API-${randomBytes(12).toString("hex").toUpperCase()}`;
  const { plan } = o;
  const dbLinks = planDatabaseProxies(postgres.url, plan.databaseLinks);
  const linkHosts = new Map<string, string[]>();
  for (const node of plan.databaseLinks.keys()) {
    const host = placement.hostOf(`db/link-${node}`).name;
    linkHosts.set(host, [...(linkHosts.get(host) ?? []), node]);
  }
  const databaseLinks: DatabaseLinkServer[] = [];
  for (const [host, linkNodes] of linkHosts) {
    const name = linkHosts.size === 1 ? "db" : `db-${host}`;
    const server = defer(`toxiproxy-server ${name}`, await placement.startToxiproxy(`db/link-${linkNodes[0]}`, {
      logFile: path.join(o.logsDir, linkHosts.size === 1 ? "toxiproxy.log" : `toxiproxy-${name}.log`), seed: spec.seed, ...recover,
    }), (t) => t.stop());
    const proxyNames = linkNodes.map(databaseProxyName);
    await server.populate(dbLinks.proxies.filter((p) => proxyNames.includes(p.name)));
    databaseLinks.push({ name, server, proxyNames });
  }
  const configs = nodeConfigs({
    spec, strategy: o.strategy, apiKey, historyDir: o.historyDir, hostOf: (name) => placement.hostOf(name).address,
    databaseUrlFor: (name) => dbLinks.urlFor(name), apiPorts: plan.apiPorts,
    ...(plan.pollingPorts ? { pollingPorts: plan.pollingPorts } : {}), ...(o.nodeOverrides ? { nodeOverrides: o.nodeOverrides } : {}),
  });
  o.signal.throwIfAborted();

  say(`start ${spec.server.nodes} nodes`);
  from = performance.now();
  const nodes = await startNodes(placement, configs, { logFileOf: (name) => path.join(o.logsDir, `${name}.log`), readyTimeoutMs: o.nodeReadyTimeoutMs ?? 30_000 },
    (node) => defer(node.name, node, (n) => n.process.stop("SIGTERM")));
  await seedFixtures(nodes[0]!.url, apiKey, plan.fleet.plan.topology.fixtures);
  const nodesMs = elapsed(from);

  const { topology } = plan.fleet.plan;
  say(`start fleet of ${topology.tentacles.length} listening + ${topology.pollingTentacles.length} polling tentacles`);
  from = performance.now();
  const fleet = await startPlannedFleet({
    placement, plan: plan.fleet.plan, seed: spec.seed, logsDir: o.logsDir, pollingNodes: plan.fleet.pollingNodes, signal: o.signal, defer, ...recover,
    ...(o.pollingReadyTimeoutMs ? { pollingReadyTimeoutMs: o.pollingReadyTimeoutMs } : {}),
  });
  return { postgres, databaseLinks, nodes, fleet, apiKey, timingsMs: { postgres: postgresMs, nodes: nodesMs, fleet: elapsed(from) } };
}
