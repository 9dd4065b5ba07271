// Leak check for tests: every process a run starts inherits its environment, so a test marks the run
// with TASKSTORM_TEST_MARKER=<unique> and afterwards lists the live processes still carrying it.

import fs from "node:fs";
import { randomBytes } from "node:crypto";

export const MARKER_VAR = "TASKSTORM_TEST_MARKER";

export function newMarker(): string {
  return `leakcheck-${randomBytes(6).toString("hex")}`;
}

/** PIDs and command names of live processes whose environment holds MARKER_VAR=marker (zombies excluded). */
export function processesWithMarker(marker: string): { pid: number; command: string }[] {
  const needle = `${MARKER_VAR}=${marker}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      if (!fs.readFileSync(`/proc/${entry}/environ`, "utf8").split("\0").includes(needle)) continue;
      found.push({ pid: Number(entry), command: fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").slice(0, 200) });
    } catch {
      // the process ended while we looked, or is not ours to read
    }
  }
  return found;
}
