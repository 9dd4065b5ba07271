// Unit tests of Octopus's retry layer: what is retried, the min(attempt, 10) sleeps, the overall window.
import { describe, expect, it } from "vitest";
import { RpcError } from "../../transport/index.ts";
import { retrySleepMs, withRetries } from "./retry.ts";

const policy = { durationMs: 300, sleepStepMs: 10, sleepMaxSteps: 3 };

describe("withRetries", () => {
  it("sleeps min(attempt, sleepMaxSteps) x sleepStepMs", () => {
    expect([1, 2, 3, 4, 10].map((n) => retrySleepMs(policy, n))).toEqual([10, 20, 30, 30, 30]);
  });

  it("retries retryable failures until one succeeds", async () => {
    const attempts: number[] = [];
    const result = await withRetries(policy, async (n) => {
      attempts.push(n);
      if (n < 3) throw new RpcError("info", "reset", { kind: "connection-reset" });
      return "ok";
    });
    expect(result).toBe("ok");
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("does not retry answers from the service or aborts", async () => {
    for (const kind of ["http-status", "bad-reply", "aborted"] as const) {
      let calls = 0;
      await expect(withRetries(policy, async () => {
        calls++;
        throw new RpcError("fail", kind, { kind });
      })).rejects.toMatchObject({ kind });
      expect(calls).toBe(1);
    }
  });

  it("gives up when the next attempt would start after durationMs, rethrowing the last failure", async () => {
    const startMs = performance.now();
    let calls = 0;
    await expect(withRetries(policy, async (n) => {
      calls++;
      throw new RpcError("fail", `refused ${n}`, { kind: "connect-refused" });
    })).rejects.toThrow(/refused \d+/);
    const elapsedMs = performance.now() - startMs;
    expect(elapsedMs).toBeLessThan(policy.durationMs + 50);
    // sleeps 10 + 20 + 30 x k stay under 300: about 10 attempts
    expect(calls).toBeGreaterThanOrEqual(8);
    expect(calls).toBeLessThanOrEqual(11);
  });
});
