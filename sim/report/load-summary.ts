// Reads a run's summary.json, given the file or the run folder holding it (compare, --baseline).
import fs from "node:fs";
import path from "node:path";
import type { RunSummary } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { readJsonIfPresent } from "./load-run.ts";

/** A RunSummary from a summary.json file or a run folder; clear errors for anything else. */
export async function loadSummary(where: string): Promise<RunSummary> {
  const file = fs.existsSync(where) && fs.statSync(where).isDirectory() ? path.join(where, "summary.json") : where;
  const summary = (await readJsonIfPresent(file)) as Partial<RunSummary> | undefined;
  if (summary === undefined) throw errors.invalidArgument("summary", where, "a summary.json file or a run folder containing one");
  if (summary.schemaVersion !== 1 || typeof summary.strategies !== "object") throw errors.invalidArgument("summary", file, "a taskstorm summary.json with schemaVersion 1");
  return summary as RunSummary;
}
