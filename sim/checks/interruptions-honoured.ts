// Checker: no acknowledged set/clear of a task's interruption flag (a node's ok `task:interruption-flag`, writer api) is
// undone by a later write from a copy that predates it (I#7396), and a task running at capture holds its last
// acknowledged value. Linear in history: a stale write looks back only over the versions it skipped.
import { isTerminal, type CheckInput, type CheckResult, type HistoryOp, type InterruptionFlagWriteValue } from "../contracts/index.ts";
import { EVIDENCE_LIMIT } from "./evidence.ts";

interface FlagWrite {
  taskId: string;
  pending: boolean;
  version: number;
  seenVersion: number;
  /** The node that wrote (the op's actor). */
  node: string;
  timeMs: number;
}

interface Reverted {
  kind: "reverted";
  taskId: string;
  /** The acknowledged value that was undone. */
  pending: boolean;
  acknowledgedAtMs: number;
  acknowledgedVia: string;
  acknowledgedVersion: number;
  revertedAtMs: number;
  revertedBy: string;
  revertVersion: number;
  /** The version of the copy the reverting writer saved (older than acknowledgedVersion). */
  revertSeenVersion: number;
}

interface Unexplained {
  kind: "unexplained";
  taskId: string;
  pending: boolean;
  acknowledgedAtMs: number;
  acknowledgedVia: string;
  acknowledgedVersion: number;
  finalPending: boolean;
  finalState: string;
  serverNode: string | null;
}

export function interruptionsHonoured(input: CheckInput): CheckResult {
  const acknowledged = new Map<string, Map<number, FlagWrite>>();
  const others: FlagWrite[] = [];
  let clientAcks = 0;
  let nAcknowledged = 0;
  for (const op of input.history) {
    if (op.f === "task:interruption" && op.type === "ok") clientAcks++;
    if (op.f !== "task:interruption-flag" || op.type === "invoke" || op.type === "fail") continue;
    const write = flagWrite(op as HistoryOp<InterruptionFlagWriteValue>);
    if (write.writer !== "api") others.push(write);
    else if (op.type === "ok") {
      let byVersion = acknowledged.get(write.taskId);
      if (!byVersion) acknowledged.set(write.taskId, (byVersion = new Map()));
      byVersion.set(write.version, write);
      nAcknowledged++;
    }
  }
  if (nAcknowledged === 0) {
    return clientAcks === 0
      ? { valid: "unknown", summary: "no interruption flag write was acknowledged: nothing to check", counts: { acknowledged: 0 } }
      : { valid: "unknown", summary: `k6 saw ${clientAcks} interruption writes acknowledged, but no node recorded task:interruption-flag ops (a history from before nodes recorded them)`, counts: { acknowledged: 0, clientAcks } };
  }

  const reverted: Reverted[] = [];
  const revertedKeys = new Set<string>();
  for (const w of others) {
    const byVersion = acknowledged.get(w.taskId);
    if (!byVersion) continue;
    let unseen: FlagWrite | undefined;
    for (let v = w.version - 1; v > w.seenVersion && !unseen; v--) unseen = byVersion.get(v);
    if (!unseen || unseen.pending === w.pending) continue;
    revertedKeys.add(`${w.taskId}|${unseen.version}`);
    reverted.push({
      kind: "reverted", taskId: w.taskId, pending: unseen.pending, acknowledgedAtMs: unseen.timeMs, acknowledgedVia: unseen.node, acknowledgedVersion: unseen.version,
      revertedAtMs: w.timeMs, revertedBy: w.node, revertVersion: w.version, revertSeenVersion: w.seenVersion,
    });
  }

  const rows = new Map(input.finalState.tasks.map((t) => [t.id, t] as const));
  const unexplained: Unexplained[] = [];
  let stillPaused = 0;
  for (const [taskId, byVersion] of acknowledged) {
    const row = rows.get(taskId);
    // a terminal transition clears the flag; a capture without the column says nothing
    if (!row || isTerminal(row.state) || row.hasPendingInterruptions === undefined) continue;
    let last: FlagWrite | undefined;
    for (const w of byVersion.values()) if (!last || w.version > last.version) last = w;
    if (!last || row.hasPendingInterruptions === last.pending) continue;
    if (row.hasPendingInterruptions) stillPaused++;
    if (revertedKeys.has(`${taskId}|${last.version}`)) continue;
    unexplained.push({
      kind: "unexplained", taskId, pending: last.pending, acknowledgedAtMs: last.timeMs, acknowledgedVia: last.node, acknowledgedVersion: last.version,
      finalPending: row.hasPendingInterruptions, finalState: row.state, serverNode: row.serverNode,
    });
  }

  const counts = { acknowledged: nAcknowledged, tasks: acknowledged.size, reverted: reverted.length, unexplained: unexplained.length, stillPaused };
  if (reverted.length === 0 && unexplained.length === 0) {
    return { valid: true, summary: `all ${nAcknowledged} acknowledged interruption flag writes on ${acknowledged.size} tasks held: no writer undid one it never saw`, counts };
  }
  const parts: string[] = [];
  if (reverted.length > 0) {
    const r = reverted[0]!;
    parts.push(`${reverted.length} of ${nAcknowledged} acknowledged interruption flag writes were undone by a writer that never saw them (first: ${r.taskId}: ` +
      `${r.pending ? "set" : "clear"} acknowledged via ${r.acknowledgedVia} at ${r.acknowledgedAtMs} (version ${r.acknowledgedVersion}), reverted by ${r.revertedBy} at ${r.revertedAtMs} saving version ${r.revertSeenVersion})`);
  }
  if (unexplained.length > 0) {
    const u = unexplained[0]!;
    parts.push(`${unexplained.length} running tasks hold the flag their last acknowledged write did not leave (first: ${u.taskId} on ${u.serverNode ?? "no node"}, ` +
      `pending=${u.pending} acknowledged via ${u.acknowledgedVia} at ${u.acknowledgedAtMs}, captured pending=${u.finalPending})`);
  }
  if (stillPaused > 0) parts.push(`${stillPaused} running tasks still wait on an intervention that was cleared`);
  return { valid: false, summary: parts.join("; "), evidence: [...reverted.slice(0, EVIDENCE_LIMIT), ...unexplained.slice(0, EVIDENCE_LIMIT)], counts };
}

function flagWrite(op: HistoryOp<InterruptionFlagWriteValue>): FlagWrite & { writer: string } {
  const { taskId, pending, version, seenVersion, writer } = op.value;
  return { taskId, pending, version, seenVersion, writer, node: op.actor, timeMs: op.time };
}
