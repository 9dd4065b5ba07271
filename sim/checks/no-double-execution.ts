// Checker: no (taskId, stepName, targetId) started a script more than once, judged from the
// `script:run` invoke ops the tentacles journal. Linear time. Valid "unknown" when no script ran.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult, ScriptRunValue } from "../contracts/index.ts";

interface Run {
  tentacle: string;
  node: string;
  ticket: string;
  timeMs: number;
}

export function noDoubleExecution(input: CheckInput): CheckResult {
  const runs = new Map<string, Run[]>();
  let scriptRuns = 0;
  for (const op of input.history) {
    if (op.f !== "script:run" || op.type !== "invoke") continue;
    const v = op.value as ScriptRunValue;
    scriptRuns++;
    const key = `${v.taskId}\u0000${v.stepName}\u0000${v.targetId}`;
    const run: Run = { tentacle: op.actor, node: v.node, ticket: v.ticket, timeMs: op.time };
    const list = runs.get(key);
    if (list) list.push(run);
    else runs.set(key, [run]);
  }
  if (scriptRuns === 0) {
    return { valid: "unknown", summary: "no script:run invoke ops in the history: nothing to check", counts: { scriptRuns: 0 } };
  }
  const offenders: { taskId: string; stepName: string; targetId: string; runs: Run[] }[] = [];
  let extraRuns = 0;
  for (const [key, list] of runs) {
    if (list.length < 2) continue;
    extraRuns += list.length - 1;
    const [taskId = "", stepName = "", targetId = ""] = key.split("\u0000");
    offenders.push({ taskId, stepName, targetId, runs: list });
  }
  const counts = { scriptRuns, executions: runs.size, doubleExecuted: offenders.length, extraRuns };
  if (offenders.length === 0) {
    return { valid: true, summary: `${runs.size} (task, step, target) executions, none ran twice`, counts };
  }
  const first = offenders[0]!;
  return {
    valid: false,
    summary:
      `${offenders.length} of ${runs.size} (task, step, target) executions ran more than once (${extraRuns} extra runs); ` +
      `first: ${first.taskId}/${first.stepName}/${first.targetId} by nodes ${[...new Set(first.runs.map((r) => r.node))].join(", ")}`,
    evidence: offenders.slice(0, EVIDENCE_LIMIT),
    counts,
  };
}
