// pool-squeeze: stuckConnections of each target node's PostgreSQL connections stop answering, so its
// connection pool shrinks by that many. Mechanism: the PostgreSQL backends serving the node's idle
// pooled connections (pg_stat_activity, application_name = node name, idle outside any transaction,
// so holding no locks) are sent SIGSTOP. When the node next uses such a connection its query waits
// forever, keeping the connection checked out; once every connection is stuck or busy, further
// queries wait for the pool's acquire timeout and fail ("timeout exceeded when trying to connect",
// the node.js face of "max pool size reached"). Every 250 ms the fault resumes backends whose client
// has hung up (the pool closed an idle one) and stops fresh idle ones, holding the squeeze at
// stuckConnections. Healing sends SIGCONT: stuck queries complete. Needs PostgreSQL on this machine.

import pg from "pg";
import { z } from "zod";
import type { Fault, FaultDeps, FaultKind, FaultTargets } from "./fault.ts";
import { closedClientPorts, idleBackends, requireLocalBackends, stillIdle, type Backend } from "./pg-backends.ts";
import { harnessPgClient } from "../lib/pg-client.ts";

const TOP_UP_INTERVAL_MS = 250;
/** How long start() keeps topping up before it returns with the squeeze only partly in place. */
const APPLY_WITHIN_MS = 5_000;

const attributes = z.object({
  /** Connections of each target node's pool made to hang (set it to the node's dbPoolSize to exhaust the pool). */
  stuckConnections: z.number().int().min(1),
}).strict();

function makePoolSqueeze(deps: FaultDeps): Fault {
  /** Stopped backends per node name. */
  const stopped = new Map<string, Backend[]>();
  let db: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let serverPort = 0;
  let want = 0;

  const resume = (b: Backend) => {
    try {
      process.kill(b.pid, "SIGCONT");
    } catch {
      // the backend is gone already
    }
  };

  const topUp = async (client: pg.Client, node: string) => {
    const closed = closedClientPorts(serverPort);
    const held = (stopped.get(node) ?? []).filter((b) => {
      if (!closed.has(b.clientPort)) return true;
      resume(b); // the node's pool closed it: let the backend read the goodbye and exit
      return false;
    });
    stopped.set(node, held);
    if (held.length >= want) return;
    const heldPids = new Set(held.map((b) => b.pid));
    const fresh = (await idleBackends(client, node)).filter((b) => !heldPids.has(b.pid)).slice(0, want - held.length);
    if (fresh.length === 0) return;
    for (const b of fresh) process.kill(b.pid, "SIGSTOP");
    const idle = await stillIdle(client, fresh.map((b) => b.pid));
    for (const b of fresh) {
      if (idle.has(b.pid)) held.push(b);
      else resume(b); // it began a query before the stop landed and may hold locks: leave it alone
    }
  };

  const tick = (nodes: string[]) => {
    ticking = ticking.then(async () => {
      if (!db) return;
      for (const node of nodes) await topUp(db, node);
    }).catch(() => {}); // a failed top-up is retried on the next tick; heal resumes whatever was stopped
    return ticking;
  };

  return {
    kind: "pool-squeeze",
    async start(targets: FaultTargets, step) {
      if (!deps.database) throw new Error("pool-squeeze: the run gave no database access (FaultDeps.database)");
      want = (step.attributes as z.output<typeof attributes>).stuckConnections;
      db = harnessPgClient({ connectionString: deps.database.url, application_name: "taskstorm-faults" });
      await db.connect();
      ({ serverPort } = await requireLocalBackends(db));
      // applied means squeezed: top up until every target holds its stuck connections (bounded: a pool
      // that has not opened that many yet is squeezed by the ticks as it opens them)
      const deadline = Date.now() + APPLY_WITHIN_MS;
      for (;;) {
        for (const node of targets.processNames) await topUp(db, node);
        if (targets.processNames.every((node) => (stopped.get(node)?.length ?? 0) >= want) || Date.now() >= deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      timer = setInterval(() => void tick(targets.processNames), TOP_UP_INTERVAL_MS);
    },
    async stop() {
      clearInterval(timer);
      await ticking;
      for (const held of stopped.values()) held.forEach(resume);
      stopped.clear();
      await db?.end().catch(() => {});
      db = undefined;
    },
  };
}

export const poolSqueeze: FaultKind = {
  kind: "pool-squeeze",
  description: "makes stuckConnections of each target node's database connections hang (their PostgreSQL backends SIGSTOPped), shrinking its pool until heal",
  acts: "nodes",
  requires: ["local-database"],
  attributes,
  make: makePoolSqueeze,
};
