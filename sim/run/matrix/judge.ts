// A cell's verdict from its run's summary: pass when no check of its column is false (unknown is not a
// failure: nothing to judge), fail naming each false check and its summary line; error when the run gave
// no summary (the harness failed: exit 2/3, timeout). SLOs and k6 thresholds are not the matrix's question.
import type { RunSummary } from "../../contracts/index.ts";
import type { MatrixCell } from "./cells.ts";

export interface FailedCheck {
  check: string;
  summary: string;
}

export interface CellResult {
  id: string;
  kind: string;
  target: string;
  window: string;
  strategy: string;
  expected: "pass" | "observe";
  seed: number;
  status: "pass" | "fail" | "error";
  failed: FailedCheck[];
  /** Checks whose verdict was "unknown". */
  unknown: string[];
  /** The harness error (status "error"). */
  error?: string;
  wallMs: number;
  /** The cell's run folder, relative to the matrix folder (absent when the run made none). */
  runDir?: string;
  /** Tasks the load had accepted, for the reader. */
  accepted?: number;
}

export function judgeCell(cell: MatrixCell, run: { summary?: RunSummary; error?: string; exitCode: number; wallMs: number; runDir?: string }): CellResult {
  const base = {
    id: cell.id, kind: cell.kind, target: cell.target, window: cell.window.name, strategy: cell.strategy.label, expected: cell.strategy.expected,
    seed: cell.seed, wallMs: run.wallMs, ...(run.runDir ? { runDir: run.runDir } : {}),
  };
  const column = run.summary?.strategies[cell.strategy.label];
  if (!column) {
    const error = run.error ?? (run.summary ? `the summary has no column ${cell.strategy.label}` : `no summary (exit ${run.exitCode})`);
    return { ...base, status: "error", failed: [], unknown: [], error };
  }
  const checks = Object.entries(column.checks);
  const failed = checks.filter(([, r]) => r.valid === false).map(([check, r]) => ({ check, summary: r.summary }));
  const unknown = checks.filter(([, r]) => r.valid === "unknown").map(([check]) => check);
  return { ...base, status: failed.length ? "fail" : "pass", failed, unknown, accepted: column.accepted };
}

/** The matrix's exit: 1 when a correct cell failed, else 3 when any cell's harness failed, else 0. */
export function matrixExit(results: readonly CellResult[]): 0 | 1 | 3 {
  if (results.some((r) => r.expected === "pass" && r.status === "fail")) return 1;
  if (results.some((r) => r.status === "error")) return 3;
  return 0;
}
