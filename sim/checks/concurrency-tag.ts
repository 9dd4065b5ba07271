// Checker: at most one task per concurrency tag is live (Executing/Cancelling) at any instant of the
// task-event sweep; tags come from the final task rows (null: no constraint). Evidence: the tag, the
// task claimed, and the tasks already holding the tag. "unknown" when no tagged task was claimed. Linear.
import { EVIDENCE_LIMIT } from "./evidence.ts";
import { sweepLiveTasks } from "./live-sweep.ts";
import type { CheckInput, CheckResult } from "../contracts/index.ts";

interface Holder {
  taskId: string;
  node: string | null;
  sinceMs: number;
}

export function concurrencyTag(input: CheckInput): CheckResult {
  const tagOf = new Map<string, string>();
  for (const task of input.finalState.tasks) if (task.concurrencyTag !== null) tagOf.set(task.id, task.concurrencyTag);
  const holding = new Map<string, Holder[]>();
  const evidence: { tag: string; taskId: string; node: string | null; timeMs: number; alreadyRunning: Holder[] }[] = [];
  const tagsViolated = new Set<string>();
  let taggedClaims = 0;
  let overlaps = 0;
  sweepLiveTasks(input.finalState.events, {
    claim(taskId, node, ev) {
      const tag = tagOf.get(taskId);
      if (tag === undefined) return;
      taggedClaims++;
      let holders = holding.get(tag);
      if (!holders) holding.set(tag, (holders = []));
      const others = holders.filter((h) => h.taskId !== taskId);
      if (others.length > 0) {
        overlaps++;
        tagsViolated.add(tag);
        if (evidence.length < EVIDENCE_LIMIT) evidence.push({ tag, taskId, node, timeMs: ev.timeMs, alreadyRunning: others });
      }
      holders.push({ taskId, node, sinceMs: ev.timeMs });
    },
    release(taskId) {
      const tag = tagOf.get(taskId);
      if (tag === undefined) return;
      const holders = holding.get(tag)?.filter((h) => h.taskId !== taskId) ?? [];
      if (holders.length === 0) holding.delete(tag);
      else holding.set(tag, holders);
    },
  });
  if (taggedClaims === 0) return { valid: "unknown", summary: "no task with a concurrency tag was claimed: nothing to check", counts: { taggedClaims: 0 } };
  const counts = { taggedClaims, tags: new Set(tagOf.values()).size, overlaps, tagsViolated: tagsViolated.size };
  if (overlaps === 0) return { valid: true, summary: `${taggedClaims} tagged claims, never two live tasks with one concurrency tag`, counts };
  const first = evidence[0]!;
  return {
    valid: false,
    summary:
      `${overlaps} claims started while another task with the same concurrency tag was live (${tagsViolated.size} tags); ` +
      `first: ${first.taskId} on ${first.node ?? "unknown node"} at ${first.timeMs} while ${first.alreadyRunning.map((h) => h.taskId).join(", ")} held ${first.tag}`,
    evidence,
    counts,
  };
}
