// A seeded synthetic run (tests and the report benchmark only): per strategy a history, a final state
// and scrape lines shaped like a real run's, with a latency fault and a node kill, where the first
// strategy suffers more (queue wait, mutex waits, advisory-lock waits) than the others.
import type { HistoryOp, ScrapeLine, ScrapedFamily, TaskEventRow, TaskRow } from "../contracts/index.ts";
import { mulberry32 } from "../contracts/index.ts";

export interface SyntheticOptions {
  strategies: string[];
  durationS: number;
  tasksPerS: number;
  nodes: number;
  /** Extra gauge samples per node scrape, like prom-client's default process/nodejs metrics. */
  paddingSamples?: number;
  seed?: number;
}

export interface SyntheticStrategy {
  name: string;
  loadStartMs: number;
  endMs: number;
  history: HistoryOp[];
  tasks: TaskRow[];
  events: TaskEventRow[];
  scrapes: ScrapeLine[];
}

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, Infinity];

export function syntheticRun(o: SyntheticOptions): SyntheticStrategy[] {
  return o.strategies.map((name, si) => strategyRun(o, name, si));
}

function strategyRun(o: SyntheticOptions, name: string, si: number): SyntheticStrategy {
  const rng = mulberry32((o.seed ?? 7) * 31 + si);
  const loadStartMs = T0 + si * (o.durationS + 120) * 1000;
  const durMs = o.durationS * 1000;
  const fault = { from: loadStartMs + 0.3 * durMs, to: loadStartMs + 0.5 * durMs };
  const kill = { from: loadStartMs + 0.7 * durMs, to: loadStartMs + 0.75 * durMs };
  const inFault = (t: number) => t >= fault.from && t < fault.to;
  const slow = si === 0 ? 8 : 2;
  const op = (time: number, actor: string, type: HistoryOp["type"], f: string, value: unknown): HistoryOp => ({ time, actor, type, f, value });
  const history: HistoryOp[] = [op(loadStartMs, "run", "info", "load:start", { strategy: name })];
  const faultOp = (w: { from: number; to: number }, kind: string, target: string, targets: string[]) => [
    op(w.from, "faults", "invoke", `fault:${kind}`, { kind, target, targets, attributes: {} }),
    op(w.to, "faults", "ok", `fault:${kind}`, { kind, target, targets, attributes: {} }),
  ];
  history.push(...faultOp(fault, "latency", "tentacles 12/60 (fraction 0.2)", ["Machines-1", "Machines-2"]), ...faultOp(kill, "kill", "node-2", ["node-2"]));
  const tasks: TaskRow[] = [];
  const events: TaskEventRow[] = [];
  const n = Math.floor(o.durationS * o.tasksPerS);
  for (let i = 0; i < n; i++) {
    const id = `ServerTasks-${i + 1}`;
    const node = `node-${(i % o.nodes) + 1}`;
    const q = loadStartMs + Math.floor((i / o.tasksPerS) * 1000);
    const wait = Math.round((150 + rng() * 200) * (inFault(q) ? slow : 1));
    const s = q + wait;
    const c = s + 1000 + Math.round(rng() * 2000);
    const state = rng() < 0.01 ? "Failed" : "Success";
    const ticket = `${id}-t1`;
    const target = `Machines-${i % 60}`;
    const run = { ticket, taskId: id, stepName: "Deploy", targetId: target, node };
    history.push(
      op(q - 5, "k6", "invoke", "deployment:create", { projectId: `Projects-${i % 8}`, environmentId: "Environments-1" }),
      op(q, "k6", "ok", "deployment:create", { taskId: id, projectId: `Projects-${i % 8}`, environmentId: "Environments-1", status: 201, latencyMs: 5 + Math.round(rng() * (inFault(q) ? 40 : 10)) }),
      op(s + 5, node, "invoke", "rpc:start-script", { targetId: target, taskId: id, ticket }),
      op(s + 10, `tentacle-${i % 60}`, "invoke", "script:run", run),
      op(s + 12, node, inFault(s) && i % 10 === 0 ? "info" : "ok", "rpc:start-script", { targetId: target, taskId: id, ticket, durationMs: 7 }),
      op(c - 10, `tentacle-${i % 60}`, state === "Success" ? "ok" : "fail", "script:run", { ...run, exitCode: state === "Success" ? 0 : 1 }),
    );
    tasks.push({ id, name: "Deploy", state, projectId: `Projects-${i % 8}`, environmentId: "Environments-1", concurrencyTag: null, serverNode: node, queueTimeMs: q, startTimeMs: s, completedTimeMs: c, errorMessage: null, version: 3 });
    events.push(
      { taskId: id, fromState: null, toState: "Queued", node, timeMs: q, reason: "created" },
      { taskId: id, fromState: "Queued", toState: "Executing", node, timeMs: s, reason: null },
      { taskId: id, fromState: "Executing", toState: state, node, timeMs: c, reason: null },
    );
  }
  history.sort((a, b) => a.time - b.time);
  events.sort((a, b) => a.timeMs - b.timeMs);
  const endMs = loadStartMs + durMs + 10_000;
  return { name, loadStartMs, endMs, history, tasks, events, scrapes: scrapes(o, si, loadStartMs, endMs, inFault, rng) };
}

function scrapes(o: SyntheticOptions, si: number, fromMs: number, toMs: number, inFault: (t: number) => boolean, rng: () => number): ScrapeLine[] {
  const lines: ScrapeLine[] = [];
  const cum = Array.from({ length: o.nodes }, () => ({ buckets: BUCKETS.map(() => 0), conflicts: 0 }));
  let deadlocks = 0;
  for (let t = fromMs; t <= toMs; t += 1000) {
    cum.forEach((c, k) => {
      const waits = 20 + Math.floor(rng() * 10);
      for (let w = 0; w < waits; w++) {
        const v = (si === 0 && inFault(t) ? 0.2 : 0.002) * (0.5 + rng());
        BUCKETS.forEach((b, j) => (c.buckets[j]! += v <= b ? 1 : 0));
      }
      c.conflicts += si > 0 && inFault(t) ? Math.floor(rng() * 5) : 0;
      const families: ScrapedFamily[] = [
        { name: "sim_mutex_wait_seconds", type: "histogram", samples: BUCKETS.map((b, j) => ({ name: "sim_mutex_wait_seconds_bucket", labels: { le: b === Infinity ? "+Inf" : String(b), operation: "pickup" }, value: c.buckets[j]! })) },
        { name: "sim_concurrency_conflicts_total", type: "counter", samples: [{ name: "sim_concurrency_conflicts_total", labels: { operation: "update" }, value: c.conflicts }] },
        { name: "nodejs_padding", type: "gauge", samples: Array.from({ length: o.paddingSamples ?? 0 }, (_, p) => ({ name: "nodejs_padding", labels: { p: String(p) }, value: p })) },
      ];
      lines.push({ timeMs: t + k, target: `node-${k + 1}`, ok: true, durationMs: 2, families });
    });
    if (si === 0 && inFault(t) && rng() < 0.05) deadlocks++;
    lines.push({
      timeMs: t + 10, target: "postgres", ok: true, durationMs: 3, families: [
        { name: "pg_sessions", type: "gauge", samples: [{ name: "pg_sessions", labels: { state: "active", wait_event_type: "Lock", wait_event: "advisory" }, value: si === 0 && inFault(t) ? 6 : 0 }] },
        { name: "pg_locks", type: "gauge", samples: [{ name: "pg_locks", labels: { locktype: "advisory", mode: "ExclusiveLock", granted: "false" }, value: si === 0 && inFault(t) ? 6 : 0 }] },
        { name: "pg_deadlocks_total", type: "counter", samples: [{ name: "pg_deadlocks_total", labels: {}, value: deadlocks }] },
      ],
    });
    lines.push({ timeMs: t + 11, target: "toxiproxy", ok: true, durationMs: 1, families: [{ name: "toxiproxy_toxics", type: "gauge", samples: [{ name: "toxiproxy_toxics", labels: { type: "latency", stream: "downstream" }, value: inFault(t) ? 12 : 0 }] }] });
  }
  return lines;
}
