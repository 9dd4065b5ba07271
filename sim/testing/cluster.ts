// Test-only: a cluster of real node processes on one fresh database with the test's own tentacle,
// plus what cluster tests read: the API of any node, task rows and task_event rows over SQL, each node's
// history file. Every process it starts is killed on dispose, and the leak check must then find none.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { API_KEY_HEADER, type FixtureSet, type HistoryOp, type ServerNodeConfig, type TaskResource } from "../contracts/index.ts";
import { makeTestDatabase, type TestDatabase } from "./database.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "./leaks.ts";
import type { ManagedChild } from "../lib/child-process.ts";
import { nodeUrlOf, startNodeProcess } from "../placement/node-process.ts";
import { pollUntil } from "../lib/poll.ts";
import { testNodeConfig } from "./server-support.ts";
import { startTestTentacle, type TestTentacleOptions, type TestTentacle } from "./tentacle.ts";

export interface ClusterNode {
  name: string;
  url: string;
  process: ManagedChild;
}

export interface TestCluster extends AsyncDisposable {
  db: TestDatabase;
  pool: pg.Pool;
  tentacle: TestTentacle;
  nodes: Map<string, ClusterNode>;
  /** Starts (or restarts, same name) a node; resolves once it is ready. */
  start(nodeName: string, overrides?: Partial<ServerNodeConfig>): Promise<ClusterNode>;
  api(nodeName: string, route: string, init?: RequestInit): Promise<Response>;
  deploy(nodeName: string, projectId: string, environmentId: string): Promise<string>;
  task(taskId: string): Promise<TaskResource>;
  waitForState(taskId: string, states: string[], timeoutMs?: number): Promise<TaskResource>;
  events(taskId?: string): Promise<Array<{ task_id: string; from_state: string | null; to_state: string; node: string; reason: string; ms: number }>>;
  /** The ops a node has written to its history file so far (complete lines only). */
  history(nodeName: string): Promise<HistoryOp[]>;
  /** What a node has written to stdout and stderr so far (its log lines). */
  log(nodeName: string): Promise<string>;
  leaked(): Array<{ pid: number; command: string }>;
}

/** Fixtures: `projects` projects (role web, steps as given) and `environments` environments with one machine each on the tentacle. */
export function clusterFixtures(endpoint: string, projects: number, environments: number, stepNames = ["Deploy"]): FixtureSet {
  return {
    projects: Array.from({ length: projects }, (_, i) => ({ id: `Projects-${i + 1}`, name: `P${i + 1}`, targetRole: "web", stepNames })),
    environments: Array.from({ length: environments }, (_, i) => ({ id: `Environments-${i + 1}`, name: `E${i + 1}` })),
    machines: Array.from({ length: environments }, (_, i) => ({
      id: `Machines-${i + 1}`, name: `m${i + 1}`, environmentId: `Environments-${i + 1}`, roles: ["web"], endpoint,
    })),
  };
}

export async function startTestCluster(base: Partial<ServerNodeConfig>, tentacleOptions: TestTentacleOptions = {}): Promise<TestCluster> {
  const db = await makeTestDatabase();
  const tentacle = await startTestTentacle(tentacleOptions);
  const dir = await mkdtemp(path.join(os.tmpdir(), "server-cluster-"));
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => {}); // an idle client cut off when the database is dropped at the end
  const marker = newMarker();
  const nodes = new Map<string, ClusterNode>();
  const all: ManagedChild[] = [];
  const headers = { "content-type": "application/json", [API_KEY_HEADER]: "API-TEST" };
  const cluster: TestCluster = {
    db, pool, tentacle, nodes,
    async start(nodeName, overrides = {}) {
      const config = testNodeConfig({ ...base, ...overrides, nodeName, databaseUrl: db.url, historyFile: path.join(dir, `${nodeName}.ndjson`) });
      const child = await startNodeProcess(config, { env: { [MARKER_VAR]: marker }, logFile: path.join(dir, `${nodeName}.log`) });
      all.push(child);
      const node = { name: nodeName, url: nodeUrlOf(child), process: child };
      nodes.set(nodeName, node);
      return node;
    },
    api: (nodeName, route, init = {}) => fetch(`${nodes.get(nodeName)!.url}${route}`, { ...init, headers }),
    async deploy(nodeName, projectId, environmentId) {
      const response = await cluster.api(nodeName, "/api/deployments", { method: "POST", body: JSON.stringify({ ProjectId: projectId, EnvironmentId: environmentId }) });
      if (response.status !== 201) throw new Error(`deploy answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { TaskId: string }).TaskId;
    },
    async task(taskId) {
      const { rows } = await pool.query(`select id, state, server_node, error_message, has_pending_interruptions from server_task where id = $1`, [taskId]);
      const row = rows[0];
      return { Id: row.id, State: row.state, ServerNode: row.server_node, ErrorMessage: row.error_message, HasPendingInterruptions: row.has_pending_interruptions } as TaskResource;
    },
    waitForState: (taskId, states, timeoutMs = 15_000) =>
      pollUntil(`${taskId} in ${states.join("|")}`, timeoutMs, async () => {
        const task = await cluster.task(taskId);
        return states.includes(task.State) ? task : undefined;
      }),
    async events(taskId) {
      const { rows } = await pool.query(`select task_id, from_state, to_state, node, reason, (extract(epoch from time) * 1000)::float8 as ms
        from task_event where $1::text is null or task_id = $1 order by id`, [taskId ?? null]);
      return rows;
    },
    async history(nodeName) {
      const text = await readFile(path.join(dir, `${nodeName}.ndjson`), "utf8").catch(() => "");
      return text.split("\n").slice(0, -1).map((line) => JSON.parse(line) as HistoryOp);
    },
    log: (nodeName) => readFile(path.join(dir, `${nodeName}.log`), "utf8").catch(() => ""),
    leaked: () => processesWithMarker(marker),
    async [Symbol.asyncDispose]() {
      for (const child of all) {
        try {
          process.kill(child.pid, "SIGCONT"); // a paused node would not act on SIGTERM
        } catch {
          // already gone
        }
        await child.stop(1_000);
      }
      await pool.end();
      await tentacle[Symbol.asyncDispose]();
      await db[Symbol.asyncDispose]();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Seeds fixtures through a node's API. */
export async function seedClusterFixtures(cluster: TestCluster, nodeName: string, fixtures: FixtureSet): Promise<void> {
  const response = await cluster.api(nodeName, "/api/fixtures", { method: "POST", body: JSON.stringify(fixtures) });
  if (response.status !== 201) throw new Error(`fixtures answered ${response.status}: ${await response.text()}`);
}
