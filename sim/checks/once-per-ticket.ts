// Checker: every script ticket ran at most once on its tentacle, however many times the server (its
// retry layer) sent StartScript for it: retried starts must be idempotent. Judged from `script:run`
// invokes (runs) and `rpc:start-script` invokes (attempts). "unknown" when no script ran. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult, ScriptRunValue } from "../contracts/index.ts";

interface Ticket {
  taskId: string;
  stepName: string;
  targetId: string;
  runs: { tentacle: string; node: string; timeMs: number }[];
}

export function oncePerTicket(input: CheckInput): CheckResult {
  const tickets = new Map<string, Ticket>();
  const attempts = new Map<string, number>();
  for (const op of input.history) {
    if (op.type !== "invoke") continue;
    const v = op.value as Partial<ScriptRunValue> | null;
    if (typeof v?.ticket !== "string") continue;
    if (op.f === "rpc:start-script") attempts.set(v.ticket, (attempts.get(v.ticket) ?? 0) + 1);
    else if (op.f === "script:run") {
      const run = { tentacle: op.actor, node: v.node ?? "", timeMs: op.time };
      const t = tickets.get(v.ticket);
      if (t) t.runs.push(run);
      else tickets.set(v.ticket, { taskId: v.taskId ?? "", stepName: v.stepName ?? "", targetId: v.targetId ?? "", runs: [run] });
    }
  }
  if (tickets.size === 0) return { valid: "unknown", summary: "no script:run invoke ops with a ticket: nothing to check", counts: { tickets: 0 } };
  let retried = 0;
  let extraAttempts = 0;
  for (const [ticket, n] of attempts) {
    if (n > 1 && tickets.has(ticket)) {
      retried++;
      extraAttempts += n - 1;
    }
  }
  const offenders = [...tickets].filter(([, t]) => t.runs.length > 1);
  const counts = { tickets: tickets.size, retriedTickets: retried, extraStartAttempts: extraAttempts, ranTwice: offenders.length };
  if (offenders.length === 0) {
    return { valid: true, summary: `${tickets.size} tickets ran once each (${retried} were started again by retries, ${extraAttempts} extra attempts)`, counts };
  }
  const [ticket, first] = offenders[0]!;
  return {
    valid: false,
    summary:
      `${offenders.length} of ${tickets.size} tickets ran more than once; first: ${ticket} (${first.taskId}/${first.stepName}/${first.targetId}) ` +
      `ran ${first.runs.length} times after ${attempts.get(ticket) ?? 0} start attempts`,
    evidence: offenders.slice(0, EVIDENCE_LIMIT).map(([t, x]) => ({ ticket: t, ...x, startAttempts: attempts.get(t) ?? 0 })),
    counts,
  };
}
