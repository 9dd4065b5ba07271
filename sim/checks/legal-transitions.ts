// Checker: every recorded transition is legal (contracts LEGAL_TRANSITIONS; creation is null -> Queued),
// each one starts from the state the previous one left (a mismatch means a writer acted on a stale
// copy: a lost update), and each task's final state is the one its last transition reached. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import type { CheckInput, CheckResult, TaskEventRow, TaskState } from "../contracts/index.ts";
import { isLegalTransition, TASK_STATES } from "../contracts/index.ts";

type Kind = "illegal" | "stale-from" | "unaudited";
interface Offence {
  kind: Kind;
  taskId: string;
  from: TaskState | null;
  to: TaskState;
  node: string | null;
  timeMs: number | null;
  /** stale-from: the state the audit had; unaudited: the last audited state. */
  expected?: TaskState | null;
}

const KNOWN: ReadonlySet<string> = new Set(TASK_STATES);

export function legalTransitions(input: CheckInput): CheckResult {
  const { events, tasks } = input.finalState;
  if (events.length === 0) return { valid: "unknown", summary: "no task events captured: nothing to check", counts: { events: 0 } };
  const last = new Map<string, TaskState>();
  const counts: Record<Kind, number> = { illegal: 0, "stale-from": 0, unaudited: 0 };
  const evidence: Offence[] = [];
  const perKind: Record<Kind, number> = { illegal: 0, "stale-from": 0, unaudited: 0 };
  const offend = (o: Offence) => {
    counts[o.kind]++;
    if (perKind[o.kind]++ < EVIDENCE_LIMIT) evidence.push(o);
  };
  for (const ev of events) {
    const at = (kind: Kind, expected?: TaskState | null): Offence => ({
      kind, taskId: ev.taskId, from: ev.fromState, to: ev.toState, node: ev.node, timeMs: ev.timeMs, ...(expected === undefined ? {} : { expected }),
    });
    const prev = last.get(ev.taskId) ?? null;
    if (!legal(ev)) offend(at("illegal"));
    else if (ev.fromState !== prev && !(prev === null && ev.fromState === null)) offend(at("stale-from", prev));
    last.set(ev.taskId, ev.toState);
  }
  for (const task of tasks) {
    const audited = last.get(task.id) ?? null;
    if (audited !== task.state) {
      offend({ kind: "unaudited", taskId: task.id, from: audited, to: task.state, node: task.serverNode, timeMs: null, expected: audited });
    }
  }
  const all = { events: events.length, tasks: tasks.length, ...counts };
  const bad = counts.illegal + counts["stale-from"] + counts.unaudited;
  if (bad === 0) return { valid: true, summary: `${events.length} transitions of ${last.size} tasks, all legal and consistent with the final state`, counts: all };
  const first = evidence[0]!;
  const parts = [
    counts.illegal ? `${counts.illegal} illegal` : "",
    counts["stale-from"] ? `${counts["stale-from"]} from a stale state (lost update)` : "",
    counts.unaudited ? `${counts.unaudited} final states no transition reached` : "",
  ].filter(Boolean);
  return {
    valid: false,
    summary: `${parts.join(", ")} among ${events.length} transitions; first: ${first.taskId} ${first.from ?? "∅"} -> ${first.to}${first.node ? ` by ${first.node}` : ""}${first.timeMs === null ? "" : ` at ${first.timeMs}`}`,
    evidence,
    counts: all,
  };
}

function legal(ev: TaskEventRow): boolean {
  if (!KNOWN.has(ev.toState) || (ev.fromState !== null && !KNOWN.has(ev.fromState))) return false;
  return ev.fromState === null ? ev.toState === "Queued" : isLegalTransition(ev.fromState, ev.toState);
}
