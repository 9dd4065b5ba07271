// The RPC transport benchmark itself, through the real CLI at its --quick size against a real fleet
// process: all three transports complete every call, the figures land in rpc.json, and nothing it started
// outlives it. (The figures are printed, never asserted: the machine is shared.)
import { describe, expect, it } from "vitest";
import { runQuickBench } from "../testing/quick-bench.ts";

interface RpcFigures {
  variants: Record<string, { callsPerSec: number; cpuUsPerCall: number }>;
  cpuRatioHttpRequestToPool: number;
  cpuRatioUndiciToPool: number;
}

describe("bench rpc --quick", () => {
  it("measures all three transports, writes rpc.json, and stops what it started", async () => {
    const { figures, output } = await runQuickBench<RpcFigures>("rpc");
    expect(Object.keys(figures.variants)).toEqual(["http.request", "undici", "connection-pool"]);
    for (const [name, v] of Object.entries(figures.variants)) {
      expect(v.callsPerSec, name).toBeGreaterThan(0);
      expect(v.cpuUsPerCall, name).toBeGreaterThan(0);
    }
    expect(figures.cpuRatioHttpRequestToPool).toBeGreaterThan(0);
    expect(figures.cpuRatioUndiciToPool).toBeGreaterThan(0);
    expect(output).toMatch(/relative to the connection pool: http.request [\d.]+x, undici [\d.]+x/);
  }, 120_000);
});
