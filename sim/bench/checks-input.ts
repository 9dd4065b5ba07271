// Micro benchmark of the checkers (not a test): builds a synthetic, valid history of about nOps ops
// (per task: deployment:create invoke+ok, script:run invoke+ok; a few cancels and interventions) and
// times each checker on it. Exported for `npm run bench`; deterministic input, wall-clock output.
import { quantile, type CheckInput, type HistoryOp, type TaskEventRow, type TaskRow } from "../contracts/index.ts";
import { CHECKERS, type CheckerName } from "../checks/table.ts";

export interface CheckBenchResult {
  /** Ops in the synthetic history. */
  ops: number;
  /** Median of `repeats` timed runs, after one warm-up run. */
  durationMs: number;
  opsPerS: number;
  valid: true | false | "unknown";
}

export function benchChecks(nOps: number, repeats = 3): Record<CheckerName, CheckBenchResult> {
  if (!Number.isInteger(nOps) || nOps < 4) throw new Error(`benchChecks: nOps must be an integer >= 4, got ${nOps}`);
  const input = syntheticInput(nOps);
  const results = {} as Record<CheckerName, CheckBenchResult>;
  for (const [name, check] of Object.entries(CHECKERS) as [CheckerName, (typeof CHECKERS)[CheckerName]][]) {
    let valid = check(input).valid;
    const timesMs: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      valid = check(input).valid;
      timesMs.push(performance.now() - t0);
    }
    const medianMs = quantile(timesMs, 0.5) ?? 0;
    const ops = input.history.length;
    results[name] = { ops, durationMs: Math.round(medianMs), opsPerS: Math.round(ops / (Math.max(medianMs, 1e-3) / 1000)), valid };
  }
  return results;
}

/** A valid history: every task accepted, run once on one of 1000 targets by one of 3 nodes, then Success;
 * three task events per task (created, claimed, done), a concurrency tag per project. */
export function syntheticInput(nOps: number): CheckInput {
  const nTasks = Math.floor(nOps / 4);
  const history: HistoryOp[] = [];
  const tasks: TaskRow[] = [];
  const events: TaskEventRow[] = [];
  const t0 = 1_700_000_000_000;
  for (let i = 0; i < nTasks; i++) {
    const taskId = `ServerTasks-${i}`;
    const node = `node-${(i % 3) + 1}`;
    const targetId = `Machines-${i % 1000}`;
    const deployment = { projectId: `Projects-${i % 50}`, environmentId: "Environments-1" };
    const run = { ticket: `ticket-${i}`, taskId, stepName: "Deploy", targetId, node };
    const t = t0 + i * 10;
    // every 50th task is cancelled by an operator while it runs, and ends Canceled; its cancel op
    // stands in for the create's invoke, so the history keeps exactly nOps ops
    const cancelled = i % 50 === 0;
    // every 50th task from the 25th gets a manual intervention acknowledged by a node in its place
    const intervened = i % 50 === 25;
    history.push(
      cancelled
        ? { time: t + 3, actor: "k6", type: "ok", f: "task:cancel", value: { taskId, status: 200 } }
        : intervened
          ? { time: t + 3, actor: node, type: "ok", f: "task:interruption-flag", value: { taskId, pending: true, version: 3, seenVersion: 2, writer: "api" } }
          : { time: t, actor: "k6", type: "invoke", f: "deployment:create", value: deployment },
      { time: t + 1, actor: "k6", type: "ok", f: "deployment:create", value: { ...deployment, taskId, status: 201 } },
      { time: t + 2, actor: `tentacle-${i % 1000}`, type: "invoke", f: "script:run", value: run },
      { time: t + 5, actor: `tentacle-${i % 1000}`, type: "ok", f: "script:run", value: { ...run, exitCode: 0 } },
    );
    events.push(
      { taskId, fromState: null, toState: "Queued", node, timeMs: t + 1, reason: "created" },
      { taskId, fromState: "Queued", toState: "Executing", node, timeMs: t + 2, reason: null },
      ...(cancelled
        ? [{ taskId, fromState: "Executing", toState: "Cancelling", node, timeMs: t + 3, reason: "cancel requested" }, { taskId, fromState: "Cancelling", toState: "Canceled", node, timeMs: t + 6, reason: null }] as TaskEventRow[]
        : [{ taskId, fromState: "Executing", toState: "Success", node, timeMs: t + 6, reason: null }] as TaskEventRow[]),
    );
    tasks.push({
      id: taskId, name: "Deploy", state: cancelled ? "Canceled" : "Success", projectId: deployment.projectId, environmentId: deployment.environmentId,
      concurrencyTag: `${deployment.projectId}/${deployment.environmentId}`, serverNode: node, queueTimeMs: t + 1, startTimeMs: t + 2, completedTimeMs: t + 6, errorMessage: null, version: 3,
    });
  }
  return { history, finalState: { tasks, events, capturedAtMs: t0 + nTasks * 10 + 100 }, limits: { taskCapPerNode: 5, hungTaskBoundMs: 60_000 } };
}
