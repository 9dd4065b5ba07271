// Checker: no task sat in Executing or Cancelling without progress for longer than the scenario's
// bound (limits.hungTaskBoundMs): a hang must be detected and ended (failed, timed out) within it.
// Progress is defined once in contracts/progress-gaps.ts. "unknown" without a bound or live tasks.
// Times come from several hosts' clocks: a gap must pass the bound plus limits.clockToleranceMs.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult } from "../contracts/index.ts";
import { silentSpans } from "../contracts/index.ts";

export function noHungTasks(input: CheckInput): CheckResult {
  const boundMs = input.limits?.hungTaskBoundMs;
  if (boundMs === undefined) return { valid: "unknown", summary: "no hung-task bound given (limits.hungTaskBoundMs): nothing to judge against" };
  const { events } = input.finalState;
  const liveTasks = new Set(events.filter((e) => e.toState === "Executing").map((e) => e.taskId)).size;
  if (liveTasks === 0) return { valid: "unknown", summary: "no task reached Executing: nothing to check", counts: { executedTasks: 0, boundMs } };
  const untilMs = input.limits?.observedUntilMs ?? input.finalState.capturedAtMs ?? lastTime(input);
  // progress comes from node histories and the database, the end of observation from the conductor: allow their clocks' disagreement
  const spans = silentSpans(input.history, events, boundMs + (input.limits?.clockToleranceMs ?? 0), untilMs);
  const hung = new Set(spans.map((s) => s.taskId));
  const stillHung = spans.filter((s) => s.endedBy === "end-of-observation").length;
  const counts = { executedTasks: liveTasks, boundMs, hungTasks: hung.size, silentSpans: spans.length, stillHungAtEnd: stillHung };
  if (spans.length === 0) return { valid: true, summary: `${liveTasks} executed tasks, none silent for more than ${boundMs} ms`, counts };
  const worst = spans.reduce((a, b) => (b.gapMs > a.gapMs ? b : a));
  return {
    valid: false,
    summary:
      `${hung.size} of ${liveTasks} executed tasks were silent for more than ${boundMs} ms (${stillHung} still at the end); ` +
      `worst: ${worst.taskId} ${worst.state} on ${worst.node ?? "unknown node"} for ${Math.round(worst.gapMs)} ms from ${worst.fromMs}`,
    evidence: spans.slice(0, EVIDENCE_LIMIT),
    counts,
  };
}

function lastTime(input: CheckInput): number {
  const lastOp = input.history.at(-1)?.time ?? -Infinity;
  const lastEvent = input.finalState.events.at(-1)?.timeMs ?? -Infinity;
  return Math.max(lastOp, lastEvent);
}
