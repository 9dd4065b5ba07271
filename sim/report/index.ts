// Public surface of sim/report: summary.json, results.json, junit.xml, report.md and report.html from a
// run's captured evidence; compare and the repeat statistics.
export { buildSummary, observationEndMs, verdict, type StrategyRunInput, type SummaryInput } from "./summary.ts";
export { renderMarkdown } from "./markdown.ts";
export { renderJunit } from "./junit.ts";
export { renderHtml } from "./html/page.ts";
export { buildResults, checksFromResults, type RunResults } from "./results.ts";
export { reportFiles, writeReport, type ReportInput, type WrittenReport } from "./write-report.ts";
export { digestScrapeFile, evidenceProblems, loadStrategyRun, readJsonIfPresent, type StrategyRunFiles } from "./load-run.ts";
export { taskStats, FAILED_STATES, type TaskStats } from "./strategy-stats.ts";
export { k6Outcome } from "./k6-outcome.ts";
export { axisOf } from "./html-input.ts";
export { loadSummary } from "./load-summary.ts";
export { compareSummaries, type CompareOptions } from "./compare.ts";
export { analyzeRepeats } from "./repeats.ts";
export { METRICS, formatValue, type MetricDef } from "./metric-catalogue.ts";
export { rankTest, isWorse } from "./stats/rank-test.ts";
