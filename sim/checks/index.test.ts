import { describe, expect, it } from "vitest";
import { accept, input, op, task } from "../testing/history-builder.ts";
import { benchChecks } from "../bench/checks-input.ts";
import { CHECKERS, composeChecks, runChecks } from "./index.ts";

const run = (time: number, tentacle: string, node: string, taskId: string, targetId: string, ticket: string, stepName = "Deploy") =>
  op(time, tentacle, "invoke", "script:run", { ticket, taskId, stepName, targetId, node });

describe("compose and runChecks", () => {
  it("merges validity: false outranks unknown outranks true", () => {
    const t = () => ({ valid: true as const, summary: "t" });
    const u = () => ({ valid: "unknown" as const, summary: "u" });
    const f = () => ({ valid: false as const, summary: "f" });
    expect(composeChecks({ t })(input([])).valid).toBe(true);
    expect(composeChecks({ t, u })(input([])).valid).toBe("unknown");
    expect(composeChecks({ u, f, t })(input([])).valid).toBe(false);
  });

  it("turns a throwing checker into unknown naming it", () => {
    const boom = () => {
      throw new Error("bad value");
    };
    const result = composeChecks({ boom })(input([]));
    expect(result.results.boom).toEqual({ valid: "unknown", summary: "checker boom threw: bad value" });
  });

  it("runs the named checkers and rejects unknown names, listing the known ones", () => {
    const history = [accept(1, "T-1"), run(2, "tentacle-1", "node-1", "T-1", "Machines-1", "a")];
    const results = runChecks(["all-accepted-terminal", "no-double-execution"], input(history, [task("T-1", "Success")]));
    expect(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.valid]))).toEqual({ "all-accepted-terminal": true, "no-double-execution": true });
    expect(() => runChecks(["no-lost-task"], input([]))).toThrow('checks: unknown checker "no-lost-task"; known: all-accepted-terminal, no-double-execution');
  });
});

describe("benchChecks", () => {
  it("times every checker on a valid synthetic history", () => {
    const results = benchChecks(4000, 1);
    expect(Object.keys(results)).toEqual(Object.keys(CHECKERS));
    for (const r of Object.values(results)) {
      expect(r).toMatchObject({ ops: 4000, valid: true });
      expect(r.opsPerS).toBeGreaterThan(0);
    }
  });
});
