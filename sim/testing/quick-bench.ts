// Test support for the bench tests: runs `taskstorm bench <name> --quick` through the real CLI into
// its own reports folder, expects exit 0 and no process of it left, and returns the figures it wrote.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { spawnCli } from "./cli.ts";
import { newMarker, processesWithMarker } from "./leaks.ts";

export async function runQuickBench<F>(name: string): Promise<{ figures: F; output: string }> {
  const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), `taskstorm-bench-${name}-`));
  try {
    const marker = newMarker();
    const cli = spawnCli(["bench", name, "--quick", "--reports-dir", reportsDir], marker);
    const code = await cli.exited;
    expect(processesWithMarker(marker)).toEqual([]);
    expect(code, cli.output()).toBe(0);
    const figures = JSON.parse(fs.readFileSync(path.join(reportsDir, "bench", `${name}.json`), "utf8")) as F;
    return { figures, output: cli.output() };
  } finally {
    fs.rmSync(reportsDir, { recursive: true, force: true });
  }
}
