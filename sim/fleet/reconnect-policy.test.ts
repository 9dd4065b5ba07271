import { describe, expect, it } from "vitest";
import { mulberry32 } from "../contracts/index.ts";
import { makeReconnectPolicy } from "./reconnect-policy.ts";

describe("reconnect policy", () => {
  it("immediate never waits", () => {
    const policy = makeReconnectPolicy({ reconnect: "immediate", reconnectMinMs: 5000, reconnectMaxMs: 120_000 }, mulberry32(1), () => 0);
    expect([policy.failed(), policy.failed()]).toEqual([0, 0]);
  });

  it("randomized backoff waits elapsed x (1 + rand), clamped to [min, max], and resets after a success", () => {
    let now = 0;
    const draws = [0.5, 0.25, 0.9, 0.0];
    const policy = makeReconnectPolicy({ reconnect: "randomized-backoff", reconnectMinMs: 5000, reconnectMaxMs: 120_000 }, () => draws.shift()!, () => now);
    expect(policy.failed()).toBe(5000); // elapsed 0 -> clamped up to min
    now = 20_000;
    expect(policy.failed()).toBe(25_000); // 20 s x 1.25
    now = 100_000;
    expect(policy.failed()).toBe(120_000); // 100 s x 1.9 -> clamped down to max
    policy.succeeded();
    now = 500_000;
    expect(policy.failed()).toBe(5000); // elapsed restarts
  });

  it("spreads many clients' delays over [elapsed, 2 x elapsed]", () => {
    const rng = mulberry32(7);
    let now = 0;
    const delays = Array.from({ length: 1000 }, () => {
      const policy = makeReconnectPolicy({ reconnect: "randomized-backoff", reconnectMinMs: 5, reconnectMaxMs: 120_000 }, rng, () => now);
      now = 0;
      policy.failed();
      now = 10_000;
      return policy.failed();
    });
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(20_000);
    expect(new Set(delays.map((d) => Math.floor(d / 1000))).size).toBe(10);
  });
});
