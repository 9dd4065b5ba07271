// Checker: a deployment ends Failed only with a reason, and only when something went wrong for it: every
// Failed task carries an error message, and a Failed task whose scripts all ran and exited 0 while every
// RPC of it was answered (no info/fail op) and no fault window hit the node running it is a wrong outcome.
// Valid when no task Failed. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult, FaultWindowValue, ScriptRunValue } from "../contracts/index.ts";

interface TaskTrace {
  scriptsStarted: number;
  scriptsSucceeded: number;
  /** An RPC ended without an answer (info) or failed, a script failed or its outcome is unknown, or a fault hit its node. */
  troubled: boolean;
}

export function failuresExplained(input: CheckInput): CheckResult {
  const failed = input.finalState.tasks.filter((t) => t.state === "Failed");
  if (failed.length === 0) return { valid: true, summary: "no task ended Failed", counts: { failed: 0 } };
  const ids = new Set(failed.map((t) => t.id));
  const traces = new Map<string, TaskTrace>();
  for (const op of input.history) {
    const v = op.value as Partial<ScriptRunValue> | null;
    const taskId = typeof v?.taskId === "string" ? v.taskId : undefined;
    if (taskId === undefined || !ids.has(taskId)) continue;
    const trace = traces.get(taskId) ?? { scriptsStarted: 0, scriptsSucceeded: 0, troubled: false };
    traces.set(taskId, trace);
    if (op.f === "script:run") {
      if (op.type === "invoke") trace.scriptsStarted++;
      else if (op.type === "ok" && (v?.exitCode ?? 0) === 0) trace.scriptsSucceeded++;
      else trace.troubled = true;
    } else if (op.f.startsWith("rpc:") && (op.type === "info" || op.type === "fail")) trace.troubled = true;
  }
  // a fault on the node running the task (kill, restart, pause...) takes its progress with it: unknowable
  const windows = new Map<string, { targets: string[]; startMs: number; endMs: number }>();
  for (const op of input.history) {
    if (!op.f.startsWith("fault:")) continue;
    const key = `${op.actor}\u0000${op.f}\u0000${(op.value as FaultWindowValue).plannedAtMs ?? ""}`;
    if (op.type === "invoke") windows.set(key, { targets: (op.value as FaultWindowValue).targets ?? [], startMs: op.time, endMs: Number.POSITIVE_INFINITY });
    else if (windows.has(key)) windows.get(key)!.endMs = op.time;
  }
  const runs = new Map<string, { node: string; startMs: number; endMs: number }[]>();
  for (const e of input.finalState.events) {
    if (!ids.has(e.taskId)) continue;
    const list = runs.get(e.taskId) ?? [];
    runs.set(e.taskId, list);
    if (e.toState === "Executing" && e.node) list.push({ node: e.node, startMs: e.timeMs, endMs: Number.POSITIVE_INFINITY });
    else if (e.fromState === "Executing" && list.length) list.at(-1)!.endMs = e.timeMs;
  }
  for (const [taskId, list] of runs) {
    const hit = list.some((r) => [...windows.values()].some((w) => w.targets.includes(r.node) && w.startMs <= r.endMs && w.endMs >= r.startMs));
    if (hit) traces.set(taskId, { ...(traces.get(taskId) ?? { scriptsStarted: 0, scriptsSucceeded: 0 }), troubled: true });
  }
  const silent = failed.filter((t) => !t.errorMessage?.trim()).map((t) => t.id);
  const unfounded = failed.flatMap((t) => {
    const trace = traces.get(t.id);
    if (!trace || trace.troubled || trace.scriptsStarted === 0 || trace.scriptsSucceeded < trace.scriptsStarted) return [];
    return [{ taskId: t.id, scripts: trace.scriptsStarted, errorMessage: t.errorMessage }];
  });
  const counts = { failed: failed.length, withoutReason: silent.length, unfounded: unfounded.length };
  if (silent.length === 0 && unfounded.length === 0) return { valid: true, summary: `${failed.length} Failed tasks, each with a reason and a trouble behind it`, counts };
  const parts = [
    ...(silent.length ? [`${silent.length} Failed without a reason (${silent.slice(0, 5).join(", ")})`] : []),
    ...(unfounded.length ? [`${unfounded.length} Failed although all their scripts exited 0, every RPC was answered and no fault hit their node; first: ${unfounded[0]!.taskId}: ${unfounded[0]!.errorMessage ?? "(no message)"}`] : []),
  ];
  return {
    valid: false,
    summary: parts.join("; "),
    counts,
    evidence: [...silent.slice(0, EVIDENCE_LIMIT).map((taskId) => ({ taskId, problem: "no reason" })), ...unfounded.slice(0, EVIDENCE_LIMIT).map((u) => ({ ...u, problem: "scripts succeeded" }))],
  };
}
