// Test helper: `promtool check metrics` on an exposition, its lint problems as data. A parse error
// (not a lint finding) rejects, with promtool's words.
import { spawn } from "node:child_process";

export interface LintProblem {
  metric: string;
  problem: string;
}

/** Families prom-client's default metrics get flagged for (gauges named *_total); not ours to rename. */
export const PROM_CLIENT_FLAGGED = ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"];

export function promtoolProblems(promtool: string, exposition: string): Promise<LintProblem[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ["check", "metrics"], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      // 0: clean; 3: lint problems found (one "<metric> <problem>" line each); anything else: it could not read the input
      if (code !== 0 && code !== 3) return reject(new Error(`promtool check metrics exited ${code}: ${out.trim()}`));
      resolve(out.split("\n").filter((l) => l.trim() !== "").map((l) => {
        const [metric = "", ...rest] = l.trim().split(" ");
        return { metric, problem: rest.join(" ") };
      }));
    });
    child.stdin.end(exposition);
  });
}
