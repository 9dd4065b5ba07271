// bench engine, server side: real node processes of one strategy on a fresh database, real fleet
// tentacles as targets, no-op deployments (one target, zero-length script, each with its own
// concurrency tag), spread round-robin over as many targets as the cluster runs tasks at once, so the
// per-target deployment mutex is not what is measured. The cluster stays up across rounds: tasks are
// queued while every node's cap is 0, the nodes then get their caps; the time from the first task's
// start to the last completion gives tasks/s.
import path from "node:path";
import pg from "pg";
import { API_KEY_HEADER, type FixtureSet, type ServerNodeConfig, type StrategyOptions } from "../contracts/index.ts";
import type { ManagedChild } from "../lib/child-process.ts";
import { freePort } from "../infra/ports.ts";
import { pollUntil } from "../lib/poll.ts";
import { startNodeProcess } from "../placement/node-process.ts";
import { createDatabase } from "../infra/postgres.ts";
import { processState } from "../lib/proc.ts";

const API_KEY = "API-BENCH";
const CREATE_CONCURRENCY = 32;

export interface EngineShape {
  tasks: number;
  /** Tentacles, one per environment; each deployment goes to the next environment's one. */
  targets: number;
  /** Tasks of the uncounted warm-up round. */
  warmupTasks: number;
  nodes: number;
  /** Task cap of each node. */
  taskCap: number;
  dbPoolSize: number;
  pollIntervalMs: number;
  repeats: number;
}

export interface StrategyVariant {
  label: string;
  name: string;
  options: StrategyOptions;
}

/** `count` targets, one per environment, all with role "web"; endpoints from the fleet. */
export function engineTargets(endpoints: readonly string[]): FixtureSet {
  return {
    projects: [{ id: "Projects-1", name: "Noop", targetRole: "web", stepNames: ["Run"] }],
    environments: endpoints.map((_, i) => ({ id: `Environments-${i + 1}`, name: `Bench ${i + 1}` })),
    machines: endpoints.map((endpoint, i) => ({ id: `Machines-${i + 1}`, name: `bench-${i + 1}`, environmentId: `Environments-${i + 1}`, roles: ["web"], endpoint })),
  };
}

/** One strategy's cluster on its own fresh database, kept running between measured rounds. */
export interface BenchCluster extends AsyncDisposable {
  /**
   * Queues `tasks` no-op deployments while every node's cap is 0, opens the caps, waits for all to end
   * and closes them again. Returns tasks/s from the first task's start to the last completion.
   */
  round(tasks: number, signal: AbortSignal): Promise<number>;
  /** SIGSTOP every node (resolves once stopped): a measurement in between does not pay for this cluster's idle polling. */
  pause(): Promise<void>;
  /** SIGCONT every node. */
  resume(): void;
  /** Tasks of every round so far that did not end in Success. */
  notSuccess(): Promise<number>;
}

export async function startBenchCluster(
  adminUrl: string, fixtures: FixtureSet, variant: StrategyVariant, shape: EngineShape, dir: string,
): Promise<BenchCluster> {
  const dbName = `engine_${variant.label.replace(/-/g, "_")}`;
  await createDatabase(adminUrl, dbName);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const nodes: Array<{ name: string; url: string; child: ManagedChild }> = [];
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on("error", () => {});
  const signalAll = (signal: NodeJS.Signals) => nodes.forEach((n) => {
    try {
      process.kill(n.child.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error; // a node already gone: nothing to signal
    }
  });
  const stop = async () => {
    signalAll("SIGCONT");
    await pool.end();
    await Promise.all(nodes.map((n) => n.child.stop()));
  };
  try {
    for (let i = 0; i < shape.nodes; i++) nodes.push(await startNode(url.toString(), variant, shape, `node-${i + 1}`, dir));
    await expectStatus(api(nodes[0]!, "/api/fixtures", "POST", fixtures), 201, "seeding fixtures");
  } catch (error) {
    await stop();
    throw error;
  }
  const setCaps = (cap: number) => Promise.all(nodes.map((n) =>
    expectStatus(api(n, `/api/nodes/${n.name}`, "PUT", { MaxConcurrentTasks: cap }), 200, "setting a cap")));
  let rounds = 0;
  return {
    async round(tasks, signal) {
      const tenantPrefix = `Tenants-${rounds++}-`;
      for (let i = 0; i < tasks; i += CREATE_CONCURRENCY) {
        signal.throwIfAborted();
        await Promise.all(Array.from({ length: Math.min(CREATE_CONCURRENCY, tasks - i) }, (_, k) =>
          expectStatus(api(nodes[(i + k) % nodes.length]!, "/api/deployments", "POST",
            { ProjectId: "Projects-1", EnvironmentId: fixtures.environments[(i + k) % fixtures.environments.length]!.id, TenantId: `${tenantPrefix}${i + k}` }),
          201, "creating a deployment")));
      }
      await setCaps(shape.taskCap);
      await waitAllDone(pool, signal);
      await setCaps(0);
      const { rows: [span] } = await pool.query<{ startMs: number; endMs: number }>(
        `select extract(epoch from min(start_time))::float8 * 1000 as "startMs", extract(epoch from max(completed_time))::float8 * 1000 as "endMs"
         from server_task where tenant_id like $1`, [`${tenantPrefix}%`]);
      return tasks / ((span!.endMs - span!.startMs) / 1000);
    },
    async pause() {
      signalAll("SIGSTOP");
      for (const n of nodes) await pollUntil(`${n.name} (pid ${n.child.pid}) to be stopped`, 2_000, () => processState(n.child.pid) === "T", 5);
    },
    resume: () => signalAll("SIGCONT"),
    async notSuccess() {
      const { rows: [bad] } = await pool.query<{ n: number }>("select count(*)::int as n from server_task where state <> 'Success'");
      return bad!.n;
    },
    [Symbol.asyncDispose]: stop,
  };
}

function api(node: { url: string }, route: string, method: string, body: unknown): Promise<Response> {
  return fetch(`${node.url}${route}`, {
    method, headers: { "content-type": "application/json", [API_KEY_HEADER]: API_KEY }, body: JSON.stringify(body),
  });
}

async function startNode(databaseUrl: string, variant: StrategyVariant, shape: EngineShape, nodeName: string, dir: string) {
  const port = await freePort();
  const config: ServerNodeConfig = {
    nodeName, host: "127.0.0.1", port, databaseUrl, strategy: variant.name, strategyOptions: variant.options, apiKey: API_KEY,
    taskCap: 0, pollIntervalMs: shape.pollIntervalMs, heartbeatIntervalMs: 1000, progressIntervalMs: 1000, dbPoolSize: shape.dbPoolSize,
    rpc: {
      connectTimeoutMs: 5000, receiveResponseTimeoutMs: 10_000, statusPollInitialMs: 1, statusPollBackoffFactor: 1.15, statusPollMaxMs: 50,
      maxPooledConnectionsPerTentacle: shape.taskCap, startScriptWaitMs: 1000,
    },
    historyFile: path.join(dir, `${variant.label}-${nodeName}.ndjson`),
  };
  const child = await startNodeProcess(config, { logFile: path.join(dir, `${variant.label}-${nodeName}.log`) });
  return { name: nodeName, url: `http://127.0.0.1:${port}`, child };
}

/**
 * How often the completion probe asks. The figure comes from the tasks' own timestamps, so a late probe
 * does not change it; a frequent one loads PostgreSQL inside the measured window (at 20 ms the probe
 * was ~10% of PostgreSQL's statement time: an `exists` walks the dead index entries of a churning queue).
 */
const PROBE_INTERVAL_MS = 200;

/** Until no task is left Queued or running: one index entry is enough to say so (the probe must not load PostgreSQL itself). */
async function waitAllDone(pool: pg.Pool, signal: AbortSignal, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const UNFINISHED = `from server_task where state in ('Queued', 'Executing', 'Cancelling')`;
  for (;;) {
    signal.throwIfAborted();
    const { rows } = await pool.query<{ unfinished: boolean }>({ name: "bench_any_unfinished", text: `select exists (select 1 ${UNFINISHED}) as unfinished` });
    if (!rows[0]!.unfinished) return;
    if (Date.now() > deadline) {
      const { rows: [left] } = await pool.query<{ n: number }>(`select count(*)::int as n ${UNFINISHED}`);
      throw new Error(`bench engine: ${left!.n} tasks unfinished after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
}

async function expectStatus(response: Promise<Response>, status: number, what: string): Promise<void> {
  const r = await response;
  if (r.status !== status) throw new Error(`bench engine: ${what} answered ${r.status}, expected ${status}: ${(await r.text()).slice(0, 300)}`);
  await r.arrayBuffer();
}
