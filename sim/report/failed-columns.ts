// What every report format says about a run it cannot fully measure: the interruption, and each column
// without figures (infrastructure failed, evidence missing or damaged), as plain sentences. Pure.
import type { RunSummary } from "../contracts/index.ts";

/** One sentence per problem, interruption first; empty when the run is whole. */
export function incompleteRunNotes(summary: Pick<RunSummary, "failedColumns" | "interrupted">): { strategy?: string; title: string; text: string }[] {
  const notes: { strategy?: string; title: string; text: string }[] = [];
  const i = summary.interrupted;
  if (i) notes.push({ title: "run interrupted", text: `${i.reason}; ${i.columnsDone} of ${i.columnsPlanned} columns finished, this report holds only those` });
  for (const f of summary.failedColumns ?? []) {
    const title = f.kind === "infrastructure" ? "infrastructure failed" : "evidence missing or damaged";
    notes.push({ strategy: f.strategy, title, text: `${f.strategy}: ${title}: ${f.message} (no figures are read from this column)` });
  }
  return notes;
}
