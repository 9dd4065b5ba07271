// The RPC transport benchmark itself, through the real CLI at its --quick size against a real fleet
// process: both transports complete every call, the figures land in rpc.json, and nothing it started
// outlives it. (The figures are printed, never asserted: the machine is shared.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnCli } from "../../testing/cli.ts";
import { newMarker, processesWithMarker } from "../../testing/leaks.ts";

const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-bench-rpc-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

describe("bench rpc --quick", () => {
  it("measures both transports, writes rpc.json, and stops what it started", async () => {
    const marker = newMarker();
    const cli = spawnCli(["bench", "rpc", "--quick", "--reports-dir", reportsDir], marker);
    const code = await cli.exited;
    expect(processesWithMarker(marker)).toEqual([]);
    expect(code, cli.output()).toBe(0);
    const figures = JSON.parse(fs.readFileSync(path.join(reportsDir, "bench", "rpc.json"), "utf8")) as {
      variants: Record<string, { callsPerSec: number; cpuUsPerCall: number }>; cpuRatioHttpRequestToPool: number;
    };
    expect(Object.keys(figures.variants)).toEqual(["http.request", "connection-pool"]);
    for (const [name, v] of Object.entries(figures.variants)) {
      expect(v.callsPerSec, name).toBeGreaterThan(0);
      expect(v.cpuUsPerCall, name).toBeGreaterThan(0);
    }
    expect(figures.cpuRatioHttpRequestToPool).toBeGreaterThan(0);
    expect(cli.output()).toMatch(/http.request spends [\d.]+x the connection pool's client CPU per call/);
  }, 120_000);
});
