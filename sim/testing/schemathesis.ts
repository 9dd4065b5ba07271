// Test-only: one `schemathesis run` (the pinned one, via its venv's python) with a JSON run report,
// killed after limitMs. Resolves with its exit code, its console report and the report file's content.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { errors } from "../lib/errors.ts";

export interface SchemathesisRun {
  code: number | null;
  /** stdout and stderr as printed: the summary, and each failure with a curl line to reproduce it. */
  output: string;
  wallMs: number;
  /** The --report json file, parsed (null when schemathesis wrote none). */
  report: unknown;
}

export interface SchemathesisOptions {
  /** Working folder; the JSON report is written into it. */
  dir: string;
  env: NodeJS.ProcessEnv;
  limitMs: number;
}

/** `python -m schemathesis.cli [globalArgs] run [runArgs] --report json`; `globalArgs` go before `run` (e.g. --config-file). */
export function runSchemathesis(python: string, globalArgs: string[], runArgs: string[], options: SchemathesisOptions): Promise<SchemathesisRun> {
  const reportPath = path.join(options.dir, "schemathesis-report.json");
  const args = ["-m", "schemathesis.cli", ...globalArgs, "run", ...runArgs, "--report", "json", "--report-json-path", reportPath];
  const startedMs = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd: options.dir, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.limitMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - startedMs;
      if (signal) return reject(errors.timeout("schemathesis run", options.limitMs, output.slice(-4000)));
      readFile(reportPath, "utf8").then((text) => JSON.parse(text) as unknown, () => null)
        .then((report) => resolve({ code, output, wallMs, report }), reject);
    });
  });
}
