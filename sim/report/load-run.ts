// Loads a strategy run's evidence from its files (merged history NDJSON, k6 summary JSON) into the
// in-memory StrategyRunInput that buildSummary takes. A missing k6 summary is absent, not an error.
import { readFile } from "node:fs/promises";
import type { CheckResult, FinalState } from "../contracts/index.ts";
import { readHistory } from "../history/index.ts";
import type { StrategyRunInput } from "./summary.ts";

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
}

export async function loadStrategyRun(files: StrategyRunFiles): Promise<StrategyRunInput> {
  const { historyFile, k6SummaryFile, k6ExitCode, ...rest } = files;
  const history = await readHistory(historyFile);
  const k6Summary = k6SummaryFile === undefined ? undefined : await readJsonIfPresent(k6SummaryFile);
  return { ...rest, history, ...(k6ExitCode === undefined ? {} : { k6: { exitCode: k6ExitCode, summary: k6Summary } }) };
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
