// `run --baseline <summary.json|runDir>` and `run --repeat N`: runs the scenario once (against a
// baseline when given), or N times into repeat-<i>/ folders of one run folder whose top-level report
// is the first repeat plus the rank tests over all repeats; every repeat's failures fail the verdict.
// A signal during repeat i still writes the top-level report (repeat 1's columns when it finished) saying
// interrupted, then rethrows the abort.
import fs from "node:fs";
import path from "node:path";
import { errors } from "../lib/errors.ts";
import type { RunSummary } from "../contracts/index.ts";
import { analyzeRepeats, loadSummary, readJsonIfPresent, type WrittenReport } from "../report/index.ts";
import type { LoadedScenario } from "../scenario/index.ts";
import { columnEstimateMs, makeEta } from "./eta.ts";
import { chooseStrategies, runScenario, type RunOptions, type RunResult } from "./lifecycle.ts";
import { RunInterrupted } from "./interrupted.ts";
import { linkLatest, makeRunDir, REPORTS_DIR } from "./store.ts";
import { writeRunReport } from "./run-report.ts";

export interface EvidenceOptions {
  /** Runs of the whole scenario (>= 1). */
  repeat: number;
  /** A summary.json, or a run folder holding one. */
  baselinePath?: string;
  /** Relative tolerance for --baseline without repeats (default 0.1). */
  tolerance?: number;
  /** "warn": a measurement-invalid column is reported but does not fail the verdict (a machine known to be shared). */
  invalidMeasurement?: "fail" | "warn";
  /** Judge timing against a baseline from another machine (provenance differs). */
  allowDifferentMachines?: boolean;
  /** The `run` arguments as given, for the replay command. */
  args: readonly string[];
}

export async function runWithEvidence(loaded: LoadedScenario, run: RunOptions, e: EvidenceOptions): Promise<RunResult> {
  if (!Number.isInteger(e.repeat) || e.repeat < 1) throw errors.invalidArgument("--repeat", e.repeat, "an integer >= 1");
  if (e.tolerance !== undefined && !(e.tolerance >= 0)) throw errors.invalidArgument("--tolerance", e.tolerance, "a number >= 0, e.g. 0.1 for 10%");
  const baseline = e.baselinePath === undefined ? undefined : { summary: await loadSummary(e.baselinePath), label: e.baselinePath, allowDifferentMachines: e.allowDifferentMachines ?? false, ...(e.tolerance === undefined ? {} : { tolerance: e.tolerance }) };
  const replayCommand = replayOf(e.args, loaded.spec.seed);
  const policy = e.invalidMeasurement === "warn" ? { invalidMeasurement: "warn" as const } : {};
  run.progress.useEta?.(makeEta(columnEstimateMs(loaded.spec)));
  if (e.repeat === 1) return runScenario(loaded, { ...run, evidence: { replayCommand, ...policy, ...(baseline ? { baseline } : {}) } });
  const parentDir = makeRunDir(loaded.spec.name, run.reportsDir ?? REPORTS_DIR);
  const startedAt = new Date();
  const results: RunResult[] = [];
  for (let i = 1; i <= e.repeat; i++) {
    const runDir = path.join(parentDir, `repeat-${i}`);
    try {
      run.signal.throwIfAborted();
      run.progress.log(`repeat ${i} of ${e.repeat}`);
      run.progress.position?.({ repeat: i, repeats: e.repeat });
      fs.mkdirSync(runDir);
      results.push(await runScenario(loaded, { ...run, runDir, evidence: { replayCommand, ...policy } }));
    } catch (error) {
      if (!run.signal.aborted) throw error;
      const written = await writeInterruptedReport(loaded, run, parentDir, startedAt, results, { repeat: i, of: e.repeat, runDir });
      throw new RunInterrupted(error instanceof RunInterrupted ? error.signalReason : error, written);
    }
  }
  fs.copyFileSync(path.join(results[0]!.runDir, "scenario.json"), path.join(parentDir, "scenario.json"));
  const extraReasons = repeatReasons(results);
  const [first, last] = [results[0]!.summary.provenance, results.at(-1)!.summary.provenance];
  const provenance = first && last ? { ...first, loadAverage: { start: first.loadAverage.start, end: last.loadAverage.end } } : first;
  const written = await writeRunReport(parentDir, loaded.spec, results[0]!.passes, startedAt, {
    replayCommand, repeats: analyzeRepeats(results.map((r) => r.summary)), extraReasons, failedColumns: results[0]!.summary.failedColumns ?? [], ...policy, ...(baseline ? { baseline } : {}), ...(provenance ? { provenance } : {}),
  });
  linkLatest(parentDir);
  return { runDir: parentDir, summary: written.summary, reportPath: written.reportPath, passes: results.flatMap((r) => r.passes) };
}

/** Failures of repeats 2..n, as verdict reasons of the top-level report. */
function repeatReasons(results: readonly RunResult[]): string[] {
  return results.slice(1).flatMap((r, i) => r.summary.verdict.reasons.map((reason) => `repeat ${i + 2}: ${reason}`));
}

/** The top-level report of a --repeat run a signal stopped in repeat `at.repeat`: repeat 1's columns if it finished, and how far it got. */
async function writeInterruptedReport(loaded: LoadedScenario, run: RunOptions, parentDir: string, startedAt: Date, results: readonly RunResult[], at: { repeat: number; of: number; runDir: string }): Promise<WrittenReport> {
  const perRepeat = chooseStrategies(loaded, run.strategies).length;
  const partial = (await readJsonIfPresent(path.join(at.runDir, "summary.json")) as RunSummary | undefined)?.interrupted?.columnsDone ?? 0;
  const scenarioJson = path.join(results[0]?.runDir ?? at.runDir, "scenario.json");
  if (fs.existsSync(scenarioJson)) fs.copyFileSync(scenarioJson, path.join(parentDir, "scenario.json"));
  const first = results[0];
  const written = await writeRunReport(parentDir, loaded.spec, first?.passes ?? [], startedAt, {
    extraReasons: repeatReasons(results), failedColumns: first?.summary.failedColumns ?? [],
    interrupted: { reason: `${String((run.signal.reason as Error)?.message ?? run.signal.reason)} in repeat ${at.repeat} of ${at.of}`, columnsDone: results.length * perRepeat + partial, columnsPlanned: at.of * perRepeat },
  });
  run.progress.log(`interrupted: the top-level report is in ${parentDir}`);
  return written;
}

function replayOf(args: readonly string[], seed: number): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^--(baseline|reports-dir|tolerance)(=|$)/.test(a)) {
      if (!a.includes("=")) i++;
      continue;
    }
    kept.push(/^[\w./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  }
  const hasSeed = kept.some((a) => a === "--seed" || a.startsWith("--seed="));
  return `taskstorm run ${kept.join(" ")}${hasSeed ? "" : ` --seed ${seed}`}`;
}
