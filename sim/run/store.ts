// The run store (Jepsen's store/): reports/<scenario>/<iso-time>/ with a folder per strategy, and a
// `latest` symlink per scenario pointing at the newest run.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPORTS_DIR = fileURLToPath(new URL("../../reports/", import.meta.url));

/** Creates reports/<scenario>/<timestamp>/ (unique even for two runs in the same second). */
export function makeRunDir(scenario: string, reportsDir = REPORTS_DIR, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  const base = path.join(reportsDir, scenario);
  fs.mkdirSync(base, { recursive: true });
  for (let n = 0; ; n++) {
    const dir = path.join(base, n === 0 ? stamp : `${stamp}-${n}`);
    try {
      fs.mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/** Points reports/<scenario>/latest at `runDir` (replacing the link atomically). */
export function linkLatest(runDir: string): string {
  const link = path.join(path.dirname(runDir), "latest");
  const tmp = `${link}.${process.pid}.tmp`;
  fs.rmSync(tmp, { force: true });
  fs.symlinkSync(path.basename(runDir), tmp);
  fs.renameSync(tmp, link);
  return link;
}

/** Files of one strategy pass inside the run folder, creating its folders. */
export function strategyPaths(runDir: string, label: string) {
  const files = strategyFiles(runDir, label);
  fs.mkdirSync(files.logs, { recursive: true });
  fs.mkdirSync(files.historyParts, { recursive: true });
  return files;
}

/** Files of one strategy pass inside the run folder (nothing created: for reading an old run). */
export function strategyFiles(runDir: string, label: string) {
  const dir = path.join(runDir, label);
  const historyParts = path.join(dir, "history-parts");
  return {
    dir,
    logs: path.join(dir, "logs"),
    historyParts,
    history: path.join(dir, "history.ndjson"),
    finalState: path.join(dir, "final-state.json"),
    metrics: path.join(dir, "metrics.ndjson"),
    k6Summary: path.join(dir, "k6-summary.json"),
  };
}
export type StrategyPaths = ReturnType<typeof strategyPaths>;
