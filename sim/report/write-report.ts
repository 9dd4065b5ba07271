// Writes a run folder's reports: summary.json, results.json (checks with evidence, SLOs), junit.xml,
// report.md and report.html (created if missing; each file replaced atomically: lib/atomic-file.ts). Each strategy comes in memory or as
// files loaded here (a column whose files are missing or cut becomes a failed column, never figures).
// With a baseline, regressions join the verdict; repeats are stored as given.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import type { PlacementSummary, Provenance, RepeatAnalysis, RunComparison, RunSummary } from "../contracts/index.ts";
import { compareSummaries } from "./compare.ts";
import { renderHtml } from "./html/page.ts";
import { buildHtmlInput } from "./html-input.ts";
import { renderJunit } from "./junit.ts";
import { evidenceProblems, loadStrategyRun, type StrategyRunFiles } from "./load-run.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildResults } from "./results.ts";
import { buildSummary, type StrategyRunInput, type SummaryInput } from "./summary.ts";

export interface ReportInput extends Omit<SummaryInput, "strategies"> {
  strategies: (StrategyRunInput | StrategyRunFiles)[];
  /** A previous run's summary to compare against (run --baseline). */
  baseline?: { summary: RunSummary; label: string; tolerance?: number; allowDifferentMachines?: boolean };
  /** Versions, machine, load and placement of the run (summary.json `provenance`). */
  provenance?: Provenance;
  /** "warn": a measurement-invalid column is reported (validity, junit, reports) but does not fail the verdict. */
  invalidMeasurement?: "fail" | "warn";
  /** A comparison made earlier (re-rendering an old run folder), used when `baseline` is absent. */
  baselineComparison?: RunComparison;
  repeats?: RepeatAnalysis;
  replayCommand?: string;
  /** Further verdict reasons (e.g. failures of other repeats). */
  extraReasons?: string[];
  /** Where the parts lived (recorded as is). */
  placement?: PlacementSummary;
}

export interface WrittenReport {
  summaryPath: string;
  reportPath: string;
  htmlPath: string;
  resultsPath: string;
  junitPath: string;
  summary: RunSummary;
}

/** The report files of a run folder. */
export function reportFiles(runDir: string): Omit<WrittenReport, "summary"> {
  return {
    summaryPath: join(runDir, "summary.json"),
    reportPath: join(runDir, "report.md"),
    htmlPath: join(runDir, "report.html"),
    resultsPath: join(runDir, "results.json"),
    junitPath: join(runDir, "junit.xml"),
  };
}

export async function writeReport(runDir: string, input: ReportInput): Promise<WrittenReport> {
  const strategies: StrategyRunInput[] = [];
  const failedColumns = [...(input.failedColumns ?? [])];
  for (const s of input.strategies) {
    const loaded = "historyFile" in s ? await loadColumnFiles(s) : s;
    if (typeof loaded === "string") failedColumns.push({ strategy: s.name, kind: "evidence", message: loaded });
    else strategies.push(loaded);
  }
  const summary = finishSummary(buildSummary({ ...input, strategies, failedColumns }), input);
  await mkdir(runDir, { recursive: true });
  const paths = reportFiles(runDir);
  const checks = Object.fromEntries(strategies.map((s) => [s.name, s.checks]));
  await writeFileAtomic(paths.summaryPath, JSON.stringify(summary, null, 2) + "\n");
  await writeFileAtomic(paths.resultsPath, JSON.stringify(buildResults(summary, checks), null, 1) + "\n");
  await writeFileAtomic(paths.junitPath, renderJunit(summary));
  await writeFileAtomic(paths.reportPath, renderMarkdown(summary));
  await writeFileAtomic(paths.htmlPath, renderHtml(buildHtmlInput(summary, strategies, input.hungTaskBoundMs)));
  return { ...paths, summary };
}

/** A column's files loaded, or what is missing or damaged in them (a line that does not parse, too). */
async function loadColumnFiles(files: StrategyRunFiles): Promise<StrategyRunInput | string> {
  const problems = evidenceProblems(files);
  if (problems.length > 0) return problems.join("; ");
  try {
    return await loadStrategyRun(files);
  } catch (e) {
    return `damaged: ${(e as Error).message}`;
  }
}

/** Adds the replay command, repeats and the baseline comparison (whose regressions fail the verdict). */
function finishSummary(summary: RunSummary, input: ReportInput): RunSummary {
  const out: RunSummary = { ...summary };
  if (input.replayCommand) out.replayCommand = input.replayCommand;
  if (input.repeats) out.repeats = input.repeats;
  if (input.placement) out.placement = input.placement;
  if (input.provenance) out.provenance = input.provenance;
  if (input.invalidMeasurement === "warn") {
    out.invalidMeasurement = "warn";
    const reasons = out.verdict.reasons.filter((r) => !r.startsWith("measurement invalid: "));
    out.verdict = { ok: reasons.length === 0, reasons };
  }
  if (input.extraReasons?.length) {
    const reasons = [...out.verdict.reasons, ...input.extraReasons];
    out.verdict = { ok: reasons.length === 0, reasons };
  }
  const comparison = input.baseline
    ? compareSummaries(input.baseline.summary, out, {
      baselineLabel: input.baseline.label, allowDifferentMachines: input.baseline.allowDifferentMachines ?? false,
      ...(input.baseline.tolerance === undefined ? {} : { tolerance: input.baseline.tolerance }),
    })
    : input.baselineComparison;
  if (comparison) {
    out.baseline = comparison;
    const reasons = [...out.verdict.reasons, ...comparison.regressions.map((r) => `baseline: ${r}`)];
    out.verdict = { ok: reasons.length === 0, reasons };
  }
  return out;
}
