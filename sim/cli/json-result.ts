// The --json results of run, compare, report and validate (schemas in contracts/cli-results.ts), built from what
// each command has in hand. The commands print exactly one of these on stdout and nothing else.
import type { CompareResultJson, ReportResultJson, RunComparison, RunResultJson, RunSummary, ValidateResultJson } from "../contracts/index.ts";

interface Written {
  summaryPath: string;
  reportPath: string;
  htmlPath: string;
  junitPath: string;
  resultsPath: string;
  summary: RunSummary;
}

const invalidColumns = (summary: RunSummary) => Object.entries(summary.strategies).filter(([, s]) => s.validity?.valid === false).map(([name]) => name);
const filesOf = (w: Written) => ({ summary: w.summaryPath, report: w.reportPath, html: w.htmlPath, junit: w.junitPath, results: w.resultsPath });

export function runResultJson(runDir: string, w: Written, exitCode: number, baselinePath?: string): RunResultJson {
  const b = w.summary.baseline;
  return {
    command: "run", exitCode, scenario: w.summary.scenario, runDir, files: filesOf(w), verdict: w.summary.verdict,
    invalidColumns: invalidColumns(w.summary), failedColumns: w.summary.failedColumns ?? [], columns: Object.keys(w.summary.strategies), repeats: w.summary.repeats?.count ?? 1,
    ...(w.summary.interrupted ? { interrupted: w.summary.interrupted } : {}),
    ...(b && baselinePath ? { baseline: { path: baselinePath, regressions: b.regressions, timingJudged: b.provenance?.timingJudged ?? true, note: b.provenance?.note ?? "" } } : {}),
  };
}

export function reportResultJson(runDir: string, w: Written, exitCode: number): ReportResultJson {
  return { command: "report", exitCode, runDir, files: filesOf(w), verdict: w.summary.verdict, invalidColumns: invalidColumns(w.summary), failedColumns: w.summary.failedColumns ?? [] };
}

export function compareResultJson(basePath: string, candPath: string, c: RunComparison, exitCode: number): CompareResultJson {
  return {
    command: "compare", exitCode, baseline: basePath, candidate: candPath, tolerance: c.tolerance, regressions: c.regressions,
    timingJudged: c.provenance?.timingJudged ?? true, provenanceDifferences: c.provenance?.differences ?? [], note: c.provenance?.note ?? "",
    deltas: c.deltas.map((d) => ({ strategy: d.strategy, metric: d.metric, baseline: d.baseline, candidate: d.candidate, relative: d.relative, outcome: d.outcome })),
  };
}

/** A problem's field: "faults.2.atS", "--strategy", "(file)", "fleet.listening + fleet.polling". */
const FIELD_PATH = /^(--)?[\w().-]+( \+ [\w.-]+)*$/;

/** `problems` as the errors name them, "field.path: what was wrong"; a problem without a field is the scenario's own. */
export function validateResultJson(scenario: string, problems: readonly string[], exitCode: number): ValidateResultJson {
  return {
    command: "validate", exitCode, scenario, ok: problems.length === 0,
    problems: problems.map((p) => {
      const at = p.indexOf(": ");
      return at > 0 && FIELD_PATH.test(p.slice(0, at)) ? { path: p.slice(0, at), message: p.slice(at + 2) } : { path: "(scenario)", message: p };
    }),
  };
}
