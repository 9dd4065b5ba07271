// Loads a strategy run's evidence from its files (merged history NDJSON, k6 summary JSON, scraped
// metrics NDJSON) into the in-memory StrategyRunInput that buildSummary takes. A missing k6 summary or
// metrics file is absent, not an error. The metrics file is streamed and digested on the run's axis.
// evidenceProblems says first whether the files are whole (complete marks): a column whose history is
// missing or cut, or whose metrics are cut, is not read at all.
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { CheckResult, FinalState, ScrapeLine } from "../contracts/index.ts";
import { fileEvidence, readHistory } from "../history/index.ts";
import { axisOf } from "./html-input.ts";
import type { StrategyRunInput } from "./summary.ts";
import { makeScrapeDigester, type ScrapeDigest } from "./timeseries/scrape-series.ts";
import { makeHarnessDigester } from "./validity/digest.ts";
import type { Axis } from "./timeseries/axis.ts";

export interface StrategyRunFiles {
  name: string;
  /** The merged history.ndjson of this strategy run. */
  historyFile: string;
  finalState: FinalState;
  checks: Record<string, CheckResult>;
  /** Wall-clock start of the load phase, ms since the epoch. */
  loadStartMs: number;
  acceptedTaskIds?: string[];
  /** k6 handleSummary JSON file; absent or missing file: no k6 numbers. */
  k6SummaryFile?: string;
  /** k6's exit code; when undefined the summary has no k6 section. */
  k6ExitCode?: number;
  /** Scraped time series (ScrapeLine NDJSON); absent or missing file: no scrape-derived series. */
  metricsFile?: string;
  endMs?: number;
}

/** What is missing or damaged among a column's files (empty: all there and whole). A missing metrics file is absent, not damage. */
export function evidenceProblems(files: { historyFile: string; metricsFile?: string; finalStateFile?: string }): string[] {
  const problems: string[] = [];
  const history = fileEvidence(files.historyFile);
  if (history.state === "missing") problems.push("history.ndjson is missing");
  if (history.state === "incomplete") problems.push(`history.ndjson is incomplete: ${history.detail}`);
  if (files.finalStateFile !== undefined) {
    const finalState = fileEvidence(files.finalStateFile);
    if (finalState.state === "missing") problems.push("final-state.json is missing (the column never captured its final state)");
  }
  const metrics = files.metricsFile === undefined ? undefined : fileEvidence(files.metricsFile);
  if (metrics?.state === "incomplete") problems.push(`metrics.ndjson is incomplete: ${metrics.detail}`);
  return problems;
}

export async function loadStrategyRun(files: StrategyRunFiles): Promise<StrategyRunInput> {
  const { historyFile, k6SummaryFile, k6ExitCode, metricsFile, ...rest } = files;
  const history = await readHistory(historyFile);
  const k6Summary = k6SummaryFile === undefined ? undefined : await readJsonIfPresent(k6SummaryFile);
  const run: StrategyRunInput = { ...rest, history, ...(k6ExitCode === undefined ? {} : { k6: { exitCode: k6ExitCode, summary: k6Summary } }) };
  const scrape = metricsFile === undefined ? undefined : await digestScrapeFile(metricsFile, axisOf(run));
  return scrape ? { ...run, scrape } : run;
}

/** Streams a ScrapeLine NDJSON file into a digest on `axis`; undefined when the file does not exist. */
export async function digestScrapeFile(filePath: string, axis: Axis): Promise<ScrapeDigest | undefined> {
  const digester = makeScrapeDigester(axis);
  const harness = makeHarnessDigester();
  try {
    await stat(filePath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(filePath, { encoding: "utf8" }), crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === "") continue;
    try {
      const parsed = JSON.parse(line) as ScrapeLine;
      digester.add(parsed);
      harness.add(parsed);
    } catch (err) {
      throw new Error(`${filePath}:${lineNo}: expected a scrape line (JSON): ${(err as Error).message}`);
    }
  }
  return { ...digester.finish(), harness: harness.finish() };
}

/** Parsed JSON of a file, undefined when the file does not exist; a corrupt file is an error naming it. */
export async function readJsonIfPresent(filePath: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(filePath, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${filePath}: expected JSON: ${(err as Error).message}`);
  }
}
