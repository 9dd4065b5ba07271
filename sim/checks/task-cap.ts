// Checker: no node ever held more live (Executing/Cancelling) tasks than its task cap (limits.
// taskCapPerNode), at any instant of the task-event sweep. Evidence: the first instant each node went
// over, with the tasks it held. "unknown" without a cap or without claims. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import { sweepLiveTasks } from "./live-sweep.ts";
import type { CheckInput, CheckResult } from "../contracts/index.ts";

interface Overrun {
  node: string;
  cap: number;
  /** Live tasks at the first instant over the cap. */
  held: number;
  timeMs: number;
  taskIds: string[];
  /** Highest count seen on this node, and how many claims took it over the cap. */
  peak: number;
  claimsOverCap: number;
}

export function taskCap(input: CheckInput): CheckResult {
  const cap = input.limits?.taskCapPerNode;
  if (cap === undefined) return { valid: "unknown", summary: "no task cap given (limits.taskCapPerNode): nothing to judge against" };
  const live = new Map<string, Set<string>>();
  const peaks = new Map<string, number>();
  const overruns = new Map<string, Overrun>();
  let claims = 0;
  let unattributed = 0;
  sweepLiveTasks(input.finalState.events, {
    claim(taskId, node, ev) {
      claims++;
      if (node === null) return void unattributed++;
      let set = live.get(node);
      if (!set) live.set(node, (set = new Set()));
      set.add(taskId);
      peaks.set(node, Math.max(peaks.get(node) ?? 0, set.size));
      if (set.size <= cap) return;
      const o = overruns.get(node);
      if (o) o.claimsOverCap++;
      else overruns.set(node, { node, cap, held: set.size, timeMs: ev.timeMs, taskIds: [...set].slice(0, EVIDENCE_LIMIT), peak: 0, claimsOverCap: 1 });
    },
    release(taskId, holders) {
      for (const node of holders) if (node !== null) live.get(node)?.delete(taskId);
    },
  });
  if (claims === 0) return { valid: "unknown", summary: "no task was claimed: nothing to check", counts: { claims: 0 } };
  const maxPeak = Math.max(0, ...peaks.values());
  const counts = { claims, nodes: peaks.size, cap, peak: maxPeak, nodesOverCap: overruns.size, unattributedClaims: unattributed };
  if (overruns.size === 0) {
    return { valid: true, summary: `${peaks.size} nodes stayed within the task cap of ${cap} (peak ${maxPeak}) over ${claims} claims`, counts };
  }
  const evidence = [...overruns.values()].map((o) => ({ ...o, peak: peaks.get(o.node) ?? o.held }));
  const first = evidence[0]!;
  return {
    valid: false,
    summary: `${overruns.size} of ${peaks.size} nodes held more than the task cap of ${cap}; first: ${first.node} held ${first.held} at ${first.timeMs} (peak ${first.peak})`,
    evidence,
    counts,
  };
}
