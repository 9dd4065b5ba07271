// Writes summary.json and report.md into a run folder (created if missing; files replaced). Each
// strategy comes either in memory (history ops) or as files (historyFile, k6SummaryFile) loaded here.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunSummary } from "../contracts/index.ts";
import { loadStrategyRun, type StrategyRunFiles } from "./load-run.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildSummary, type StrategyRunInput, type SummaryInput } from "./summary.ts";

export interface ReportInput extends Omit<SummaryInput, "strategies"> {
  strategies: (StrategyRunInput | StrategyRunFiles)[];
}

export interface WrittenReport {
  summaryPath: string;
  reportPath: string;
  summary: RunSummary;
}

export async function writeReport(runDir: string, input: ReportInput): Promise<WrittenReport> {
  const strategies: StrategyRunInput[] = [];
  for (const s of input.strategies) strategies.push("historyFile" in s ? await loadStrategyRun(s) : s);
  const summary = buildSummary({ ...input, strategies });
  await mkdir(runDir, { recursive: true });
  const summaryPath = join(runDir, "summary.json");
  const reportPath = join(runDir, "report.md");
  await writeFile(summaryPath, JSON.stringify(summary, null, 2) + "\n");
  await writeFile(reportPath, renderMarkdown(summary));
  return { summaryPath, reportPath, summary };
}
