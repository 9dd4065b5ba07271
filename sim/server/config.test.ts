// Unit tests of ServerNodeConfig validation: a valid config passes; each bad field is named with the
// value seen and what was expected.
import { describe, expect, it } from "vitest";
import { nodeTimings, parseServerNodeConfig } from "./config.ts";
import { testNodeConfig } from "../testing/server-support.ts";

const VALID_CONFIG = testNodeConfig({ databaseUrl: "postgres://u:p@127.0.0.1:5432/db", historyFile: "/tmp/history.ndjson" });

const parseWith = (patch: Record<string, unknown>) => () => parseServerNodeConfig(JSON.stringify({ ...VALID_CONFIG, ...patch }));

describe("parseServerNodeConfig", () => {
  it("accepts a valid config unchanged", () => {
    expect(parseServerNodeConfig(JSON.stringify(VALID_CONFIG))).toEqual(VALID_CONFIG);
  });

  it("names the field, the value and the expectation", () => {
    expect(parseWith({ taskCap: "five" })).toThrow(/field "taskCap": got "five"; .*expected number/);
    expect(parseWith({ rpc: { ...VALID_CONFIG.rpc, connectTimeoutMs: -1 } })).toThrow(/field "rpc.connectTimeoutMs": got -1/);
    expect(parseWith({ databaseUrl: "mysql://x" })).toThrow(/field "databaseUrl": got "mysql:\/\/x"; expected a postgres:\/\/ URL/);
  });

  it("refuses an unknown strategy, listing the known ones", () => {
    expect(parseWith({ strategy: "yolo" })).toThrow(/field "strategy": got "yolo"; expected one of the known strategies: pessimistic, optimistic/);
  });

  it("fills the database-blip and hung-task bounds from the timings they follow, unless given", () => {
    expect(nodeTimings({ ...VALID_CONFIG, progressIntervalMs: 200 })).toMatchObject({
      hungTaskAfterMs: 2_000, failHungTaskAfterMs: 2_000, dbRetry: { retryForMs: 2_000, initialDelayMs: 50, maxDelayMs: 200 },
    });
    expect(nodeTimings({ ...VALID_CONFIG, dbRetryForMs: 0, dbRetryMaxDelayMs: 20, failHungTaskAfterMs: 5 })).toMatchObject({
      failHungTaskAfterMs: 5, dbRetry: { retryForMs: 0, initialDelayMs: 20, maxDelayMs: 20 },
    });
    expect(parseWith({ dbRetryMaxDelayMs: 0 })).toThrow(/field "dbRetryMaxDelayMs": got 0/);
    expect(parseWith({ failHungTaskAfterMs: -1 })).toThrow(/field "failHungTaskAfterMs": got -1/);
  });

  it("refuses unknown fields and missing or malformed input", () => {
    expect(parseWith({ taskcap: 5 })).toThrow(/field "taskcap"/);
    expect(() => parseServerNodeConfig(undefined)).toThrow(/missing argument/);
    expect(() => parseServerNodeConfig("{nope")).toThrow(/not valid JSON/);
  });
});
