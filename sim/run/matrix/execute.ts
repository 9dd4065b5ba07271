// Runs a matrix's cells one at a time (the machine's cores go to one run), each through the real CLI in a
// child process (`taskstorm run smoke ... --json`, as flakiness does), into <dir>/cells/<cell id>/, and
// rewrites matrix.md, matrix.json and junit.xml in <dir> after every cell, so a stopped matrix still reports.
import path from "node:path";
import { writeFileAtomicSync } from "../../lib/atomic-file.ts";
import { runCli } from "../flakiness/campaign.ts";
import { cellRunArgs, type MatrixPlan } from "./cells.ts";
import { judgeCell, type CellResult } from "./judge.ts";
import { renderMatrixJson, renderMatrixJunit, renderMatrixMarkdown, type MatrixReport } from "./render.ts";

/** A cell whose run takes longer than this is stopped (SIGTERM: it tears down) and counted a harness error. */
export const CELL_TIMEOUT_MS = 5 * 60_000;

export interface MatrixRunOptions {
  /** The matrix folder (reports/matrix/<time>/). */
  dir: string;
  /** The base scenario's invariants (each cell adds the matrix's own). */
  invariants: readonly string[];
  /** Extra `run` arguments for every cell, e.g. ["--postgres", url]. */
  runArgs: readonly string[];
  command: string;
  signal: AbortSignal;
  cellTimeoutMs?: number;
  onCell?(p: { index: number; total: number; id: string; etaMs: number }): void;
  onDone?(r: CellResult): void;
}

export const MATRIX_FILES = { markdown: "matrix.md", json: "matrix.json", junit: "junit.xml" } as const;

export async function runMatrix(plan: MatrixPlan, o: MatrixRunOptions): Promise<MatrixReport> {
  const startedMs = Date.now();
  const report: MatrixReport = { startedAt: new Date(startedMs).toISOString(), wallMs: 0, quick: plan.quick, seeds: plan.seeds, command: o.command, cells: [], skipped: plan.skipped };
  const timeoutMs = o.cellTimeoutMs ?? CELL_TIMEOUT_MS;
  for (const [i, cell] of plan.cells.entries()) {
    o.signal.throwIfAborted();
    const meanMs = report.cells.length ? report.cells.reduce((n, c) => n + c.wallMs, 0) / report.cells.length : 30_000;
    o.onCell?.({ index: i + 1, total: plan.cells.length, id: cell.id, etaMs: meanMs * (plan.cells.length - i) });
    const reportsDir = path.join(o.dir, "cells", cell.id);
    const run = await runCli(["run", ...cellRunArgs(cell, o.invariants), "--reports-dir", reportsDir, "--json", ...o.runArgs], AbortSignal.any([o.signal, AbortSignal.timeout(timeoutMs)]));
    o.signal.throwIfAborted();
    const timedOut = run.wallMs >= timeoutMs && !run.summary ? { error: `the cell's run passed ${timeoutMs} ms and was stopped` } : {};
    const result = judgeCell(cell, { ...run, ...timedOut, ...(run.runDir ? { runDir: path.relative(o.dir, run.runDir) } : {}) });
    report.cells.push(result);
    report.wallMs = Date.now() - startedMs;
    writeMatrixReport(o.dir, report);
    o.onDone?.(result);
  }
  report.wallMs = Date.now() - startedMs;
  writeMatrixReport(o.dir, report);
  return report;
}

export function writeMatrixReport(dir: string, report: MatrixReport): void {
  writeFileAtomicSync(path.join(dir, MATRIX_FILES.markdown), renderMatrixMarkdown(report));
  writeFileAtomicSync(path.join(dir, MATRIX_FILES.json), renderMatrixJson(report));
  writeFileAtomicSync(path.join(dir, MATRIX_FILES.junit), renderMatrixJunit(report));
}
