// Public surface of sim/report: summary.json and report.md from a run's captured evidence.
export { buildSummary, verdict, type StrategyRunInput, type SummaryInput } from "./summary.ts";
export { renderMarkdown } from "./markdown.ts";
export { writeReport, type ReportInput, type WrittenReport } from "./write-report.ts";
export { loadStrategyRun, readJsonIfPresent, type StrategyRunFiles } from "./load-run.ts";
export { taskStats, FAILED_STATES, type TaskStats } from "./strategy-stats.ts";
export { k6Outcome } from "./k6-outcome.ts";
