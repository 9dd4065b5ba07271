// Checker: no task was moved into Executing more than once (two nodes claiming one task is the 2023.3
// double pickup; one node claiming twice is a re-run). Judged from the task events. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult } from "../contracts/index.ts";

interface Claim {
  node: string | null;
  timeMs: number;
  fromState: string | null;
}

export function noDoubleClaim(input: CheckInput): CheckResult {
  const claims = new Map<string, Claim[]>();
  for (const ev of input.finalState.events) {
    if (ev.toState !== "Executing") continue;
    const claim = { node: ev.node, timeMs: ev.timeMs, fromState: ev.fromState };
    const list = claims.get(ev.taskId);
    if (list) list.push(claim);
    else claims.set(ev.taskId, [claim]);
  }
  if (claims.size === 0) return { valid: "unknown", summary: "no task was moved into Executing: nothing to check", counts: { claimedTasks: 0 } };
  const offenders: { taskId: string; nodes: (string | null)[]; claims: Claim[] }[] = [];
  let byTwoNodes = 0;
  for (const [taskId, list] of claims) {
    if (list.length < 2) continue;
    const nodes = [...new Set(list.map((c) => c.node))];
    if (nodes.length > 1) byTwoNodes++;
    offenders.push({ taskId, nodes, claims: list });
  }
  const counts = { claimedTasks: claims.size, claimedTwice: offenders.length, byDifferentNodes: byTwoNodes };
  if (offenders.length === 0) return { valid: true, summary: `${claims.size} tasks claimed, each once`, counts };
  const first = offenders[0]!;
  return {
    valid: false,
    summary:
      `${offenders.length} of ${claims.size} claimed tasks were moved into Executing more than once (${byTwoNodes} by different nodes); ` +
      `first: ${first.taskId} by ${first.nodes.map((n) => n ?? "unknown node").join(", ")} at ${first.claims.map((c) => c.timeMs).join(", ")}`,
    evidence: offenders.slice(0, EVIDENCE_LIMIT),
    counts,
  };
}
