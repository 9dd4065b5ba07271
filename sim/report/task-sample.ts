// A deterministic sample of tasks for the per-task timeline: first the tasks the checks name in their
// evidence, then the longest queue waits and run times, then tasks evenly spread over the queue time.
// Each comes with its state segments (from the task events, else from the row's times).
import type { CheckResult, FinalState, TaskRow, TaskState } from "../contracts/index.ts";

export interface TimelineSegment {
  state: TaskState;
  /** ms relative to the load start; toMs null while still in that state at the end. */
  fromMs: number;
  toMs: number | null;
}

export interface TimelineTask {
  id: string;
  state: TaskState;
  node: string | null;
  /** Why it was sampled: "evidence: no-double-claim", "longest queue wait", "spread". */
  why: string;
  segments: TimelineSegment[];
}

export function sampleTasks(finalState: FinalState, checks: Record<string, CheckResult>, loadStartMs: number, max = 24): TimelineTask[] {
  const byId = new Map(finalState.tasks.map((t) => [t.id, t]));
  const chosen = new Map<string, string>();
  const add = (id: string, why: string) => {
    if (chosen.size < max && byId.has(id) && !chosen.has(id)) chosen.set(id, why);
  };
  for (const [name, result] of Object.entries(checks)) for (const id of evidenceTaskIds(result.evidence)) add(id, `evidence: ${name}`);
  const started = finalState.tasks.filter((t) => t.startTimeMs !== null);
  const top = (score: (t: TaskRow) => number, why: string, n: number) =>
    [...started].sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id)).slice(0, n).forEach((t) => add(t.id, why));
  top((t) => t.startTimeMs! - t.queueTimeMs, "longest queue wait", 4);
  top((t) => (t.completedTimeMs ?? Infinity) - t.startTimeMs!, "longest run", 4);
  const rest = [...finalState.tasks].sort((a, b) => a.queueTimeMs - b.queueTimeMs || a.id.localeCompare(b.id));
  const room = max - chosen.size;
  for (let i = 0; i < room && rest.length > 0; i++) add(rest[Math.floor((i * rest.length) / room)]!.id, "spread");
  const segments = segmentsByTask(finalState, new Set(chosen.keys()), loadStartMs);
  return [...chosen].map(([id, why]) => {
    const t = byId.get(id)!;
    return { id, state: t.state, node: t.serverNode, why, segments: segments.get(id) ?? rowSegments(t, loadStartMs) };
  }).sort((a, b) => (a.segments[0]?.fromMs ?? 0) - (b.segments[0]?.fromMs ?? 0));
}

function segmentsByTask(finalState: FinalState, ids: ReadonlySet<string>, loadStartMs: number): Map<string, TimelineSegment[]> {
  const out = new Map<string, TimelineSegment[]>();
  for (const ev of finalState.events) {
    if (!ids.has(ev.taskId)) continue;
    const list = out.get(ev.taskId) ?? [];
    const open = list.at(-1);
    if (open && open.toMs === null) open.toMs = ev.timeMs - loadStartMs;
    list.push({ state: ev.toState, fromMs: ev.timeMs - loadStartMs, toMs: null });
    out.set(ev.taskId, list);
  }
  return out;
}

function rowSegments(t: TaskRow, loadStartMs: number): TimelineSegment[] {
  const rel = (ms: number | null) => (ms === null ? null : ms - loadStartMs);
  const segs: TimelineSegment[] = [{ state: "Queued", fromMs: t.queueTimeMs - loadStartMs, toMs: rel(t.startTimeMs ?? t.completedTimeMs) }];
  if (t.startTimeMs !== null) segs.push({ state: "Executing", fromMs: t.startTimeMs - loadStartMs, toMs: rel(t.completedTimeMs) });
  if (t.completedTimeMs !== null) segs.push({ state: t.state, fromMs: t.completedTimeMs - loadStartMs, toMs: null });
  return segs;
}

/** Task ids named by evidence items: `taskId` fields and `taskIds` arrays, at the top level of each item. */
export function evidenceTaskIds(evidence: unknown[] | undefined): string[] {
  const ids: string[] = [];
  for (const item of evidence ?? []) {
    if (typeof item !== "object" || item === null) continue;
    const { taskId, taskIds } = item as { taskId?: unknown; taskIds?: unknown };
    if (typeof taskId === "string") ids.push(taskId);
    if (Array.isArray(taskIds)) for (const id of taskIds) if (typeof id === "string") ids.push(id);
  }
  return ids;
}
