// Unit tests of retryDb (no database: the operation is a function that fails as told): it retries
// until success, stops at its time bound or when told to, and pauses within the jittered backoff.
import { describe, expect, it } from "vitest";
import { backoffMs, retryDb, type DbRetryPolicy } from "./db-retry.ts";

const POLICY: DbRetryPolicy = { retryForMs: 1_000, initialDelayMs: 10, maxDelayMs: 40 };

/** An operation that throws `failures` times, then answers "ok"; counts its calls. */
function failing(failures: number) {
  const op = async () => {
    op.calls++;
    if (op.calls <= failures) throw new Error(`failure ${op.calls}`);
    return "ok";
  };
  op.calls = 0;
  return op;
}

describe("retryDb", () => {
  it("retries until the operation succeeds, reporting each failure", async () => {
    const op = failing(3);
    const seen: Array<[number, boolean]> = [];
    expect(await retryDb(POLICY, op, { onError: (_e, attempt, willRetry) => seen.push([attempt, willRetry]) })).toBe("ok");
    expect(op.calls).toBe(4);
    expect(seen).toEqual([[1, true], [2, true], [3, true]]);
  });

  it("gives up with the last error once no attempt can start within retryForMs", async () => {
    const op = failing(Infinity);
    const startMs = performance.now();
    const error = await retryDb({ ...POLICY, retryForMs: 200 }, op).catch((e: unknown) => e);
    expect(performance.now() - startMs).toBeLessThan(200 + 100); // 100 ms: timer slack on a busy machine
    expect(op.calls).toBeGreaterThan(3);
    expect((error as Error).message).toBe(`failure ${op.calls}`);
  });

  it("makes a single attempt with retryForMs 0, and none after stop fires", async () => {
    const once = failing(Infinity);
    await expect(retryDb({ ...POLICY, retryForMs: 0 }, once)).rejects.toThrow("failure 1");
    expect(once.calls).toBe(1);
    const stop = new AbortController();
    const stopped = failing(Infinity);
    const pending = retryDb({ ...POLICY, initialDelayMs: 10_000, maxDelayMs: 10_000, retryForMs: 60_000 }, stopped, { stop: stop.signal });
    stop.abort();
    await expect(pending).rejects.toThrow("failure 1");
    expect(stopped.calls).toBe(1);
  });

  it("pauses from half to all of the doubled delay, capped at maxDelayMs", () => {
    for (let attempt = 1; attempt <= 40; attempt++) {
      const capMs = Math.min(POLICY.maxDelayMs, POLICY.initialDelayMs * 2 ** (attempt - 1));
      const delayMs = backoffMs(POLICY, attempt);
      expect(delayMs).toBeGreaterThanOrEqual(capMs / 2);
      expect(delayMs).toBeLessThanOrEqual(capMs);
    }
  });
});
