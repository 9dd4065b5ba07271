// Checker: a deployment ends Failed only with a reason, and only when something went wrong for it: every
// Failed task carries an error message, and a Failed task whose scripts all ran and exited 0 while every
// RPC of it was answered (no info/fail op) is a wrong outcome. Valid when no task Failed. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult, ScriptRunValue } from "../contracts/index.ts";

interface TaskTrace {
  scriptsStarted: number;
  scriptsSucceeded: number;
  /** An RPC ended without an answer (info) or failed, or a script failed or its outcome is unknown. */
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
    ...(unfounded.length ? [`${unfounded.length} Failed although all their scripts exited 0 and every RPC was answered; first: ${unfounded[0]!.taskId}: ${unfounded[0]!.errorMessage ?? "(no message)"}`] : []),
  ];
  return {
    valid: false,
    summary: parts.join("; "),
    counts,
    evidence: [...silent.slice(0, EVIDENCE_LIMIT).map((taskId) => ({ taskId, problem: "no reason" })), ...unfounded.slice(0, EVIDENCE_LIMIT).map((u) => ({ ...u, problem: "scripts succeeded" }))],
  };
}
