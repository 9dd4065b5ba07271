// Checker: every task the load saw accepted exists in the final state and is terminal (after heal and
// drain). Accepted but absent tasks are "lost" and listed apart from those stuck in a live state.
// Valid "unknown" when nothing was accepted (nothing to check).
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult, TaskRow } from "../contracts/index.ts";
import { isTerminal } from "../contracts/index.ts";
import { acceptedTaskIds } from "../history/index.ts";

export function allAcceptedTerminal(input: CheckInput): CheckResult {
  const accepted = input.acceptedTaskIds ?? acceptedTaskIds(input.history);
  if (accepted.length === 0) {
    return { valid: "unknown", summary: "no accepted tasks (no ok deployment:create with a taskId): nothing to check", counts: { accepted: 0 } };
  }
  const byId = new Map<string, TaskRow>();
  for (const task of input.finalState.tasks) byId.set(task.id, task);
  const stuck: TaskRow[] = [];
  const lost: string[] = [];
  let terminal = 0;
  for (const id of new Set(accepted)) {
    const task = byId.get(id);
    if (!task) lost.push(id);
    else if (isTerminal(task.state)) terminal++;
    else stuck.push(task);
  }
  const counts = { accepted: terminal + stuck.length + lost.length, terminal, notTerminal: stuck.length, lost: lost.length };
  if (stuck.length === 0 && lost.length === 0) {
    return { valid: true, summary: `all ${counts.accepted} accepted tasks are terminal`, counts };
  }
  const evidence: unknown[] = stuck.slice(0, EVIDENCE_LIMIT).map((t) => ({
    kind: "not-terminal",
    taskId: t.id,
    state: t.state,
    serverNode: t.serverNode,
    queueTimeMs: t.queueTimeMs,
    startTimeMs: t.startTimeMs,
  }));
  if (lost.length > 0) evidence.push({ kind: "lost", taskIds: lost.slice(0, EVIDENCE_LIMIT), total: lost.length });
  const states = countBy(stuck.map((t) => t.state));
  const parts = [
    stuck.length > 0 ? `${stuck.length} not terminal (${states})` : "",
    lost.length > 0 ? `${lost.length} lost (accepted but absent from the final state)` : "",
  ].filter(Boolean);
  return { valid: false, summary: `${parts.join(", ")} of ${counts.accepted} accepted tasks`, evidence, counts };
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k}: ${n}`).join(", ");
}
