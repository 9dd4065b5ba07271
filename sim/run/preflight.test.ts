// The checks before anything starts, one by one on hand-made scenarios and fixed machine limits (so the
// figures do not depend on this machine): each problem names the field, the value and what was expected;
// every catalogue scenario, full and shortened, passes them all on this machine.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { listScenarioNames, loadScenario, SCENARIOS_DIR, validateScenario, type ScenarioInput } from "../scenario/index.ts";
import { FD_HEADROOM_PER_PROCESS, sizeProblems, type MachineLimits } from "./machine-fit.ts";
import { faultTimingProblems, preflight, preflightProblems, strategyProblems } from "./preflight.ts";

const GIB = 2 ** 30;
const roomy: MachineLimits = { openFiles: 20_000, memoryBytes: 64 * GIB, heapLimitBytes: 4 * GIB };
const base: ScenarioInput = { name: "t", description: "test", server: { nodes: 3 }, fleet: { listening: 30 }, load: { startRateRps: 1, stages: [{ rateRps: 1, durationS: 30 }] } };
const loaded = (input: Partial<ScenarioInput>) => ({ spec: validateScenario({ ...base, ...input } as ScenarioInput, "t.ts"), source: "t.ts" });
const problems = (input: Partial<ScenarioInput>, placement = "local", limits = roomy, strategies?: string[]) => preflightProblems(loaded(input), placement, { limits, strategies });

describe("preflight: strategies", () => {
  it("names a scenario column whose strategy does not exist", () => {
    expect(strategyProblems(loaded({ strategies: ["optimistic", { name: "yolo", label: "fast" }] }).spec)).toEqual([
      'strategies.1.name: got "yolo", expected one of pessimistic, optimistic',
    ]);
  });

  it("names a --strategy that is neither a column nor a strategy, and takes a strategy the scenario lacks", () => {
    const spec = loaded({ strategies: [{ name: "optimistic", label: "retries" }] }).spec;
    expect(strategyProblems(spec, ["retries", "pessimistic", "nonexistent"])).toEqual([
      '--strategy: got "nonexistent", expected a column of t (retries) or a strategy (pessimistic, optimistic)',
    ]);
  });
});

describe("preflight: fault timing", () => {
  it("refuses a fault that starts once the load is over, naming the load's length", () => {
    const faults = [{ atS: 10, forS: 5, kind: "latency", target: "all", attributes: { latencyMs: 10 } }, { atS: 400, forS: 5, kind: "latency", target: "all", attributes: { latencyMs: 10 } }];
    expect(faultTimingProblems(loaded({ faults } as Partial<ScenarioInput>).spec)).toEqual([
      "faults.1.atS: got 400, expected < 30 (the load lasts 30 s, the sum of load.stages durations; faults are healed when it ends)",
    ]);
  });
});

describe("preflight: fault targets in the planned universe", () => {
  it.each([
    [{ nodes: { count: 9 } }, /^faults\.0\.target: fault target count: got 9, expected at most 3 \(the nodes this column has\)$/],
    [{ fleets: { count: 2 } }, /^faults\.0\.target: fault target count: got 2, expected at most 1 \(the fleet processes this column has\)$/],
    [{ count: 31 }, /^faults\.0\.target: fault target count: got 31, expected at most 30 \(the tentacles this column has\)$/],
    [{ nodes: ["node-4"] }, /^faults\.0\.target: fault target: node-4 not among the nodes/],
  ])("refuses %j on 3 nodes, 30 tentacles and one fleet shard", (target, message) => {
    const kind = "nodes" in target || "fleets" in target ? "kill" : "latency";
    const found = problems({ faults: [{ atS: 1, forS: 1, kind, target, attributes: kind === "latency" ? { latencyMs: 10 } : {} }] } as Partial<ScenarioInput>);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it("names the column whose overrides make a target miss", () => {
    const found = problems({
      strategies: ["optimistic", { name: "optimistic", label: "one-node", overrides: { server: { nodes: 1 } } }],
      faults: [{ atS: 1, forS: 1, kind: "kill", target: { nodes: { count: 2 } }, attributes: {} }],
    } as Partial<ScenarioInput>);
    expect(found).toEqual(["faults.0.target: fault target count: got 2, expected at most 1 (the nodes this column has) (column one-node)"]);
  });
});

describe("preflight: the column's size against the machine", () => {
  const spec = (fleet: object, nodes = 3) => loaded({ fleet, server: { nodes } } as Partial<ScenarioInput>).spec;

  it("refuses a fleet whose plan alone would not fit the conductor's heap, before planning it", () => {
    const started = performance.now();
    expect(problems({ fleet: { listening: 1e9 } } as Partial<ScenarioInput>)).toEqual([
      "fleet.listening: got 1000000000, expected at most 1048576 tentacles: planning them needs about 3906250 MiB of the conductor's heap, its limit is 4096 MiB (NODE_OPTIONS=--max-old-space-size raises it)",
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses more tentacles than a loopback /16 block has addresses, on every placement", () => {
    expect(sizeProblems(spec({ listening: 60_000, polling: 10_000 }), "local", roomy)[0]).toBe(
      "fleet.listening + fleet.polling: got 70000, expected at most 65534 tentacles (each tentacle and each proxy takes an address of its own /16 loopback block)",
    );
    expect(sizeProblems(spec({ listening: 60_000, polling: 10_000, processes: 8 }), "k8s", roomy)).toEqual([
      "fleet.listening + fleet.polling: got 70000, expected at most 65534 tentacles (each tentacle listens on an address of its own in its host's /16 loopback block)",
    ]);
    expect(sizeProblems(spec({ listening: 60_000, processes: 8 }), "k8s", roomy)).toEqual([]);
  });

  it("refuses a shard with more machines than its host has proxy ports, off this machine", () => {
    expect(sizeProblems(spec({ listening: 20_000, processes: 1 }), "k8s", roomy)).toEqual([
      "fleet.processes: got 1 shards of 20000 tentacles, expected at most 11383 tentacles per shard with 3 nodes (one proxy port each per link on its host): set fleet.processes to at least 2",
    ]);
  });

  it("refuses a fleet whose processes need more open files than ulimit -n, with the way out", () => {
    const small = { ...roomy, openFiles: 1024 };
    expect(sizeProblems(spec({ listening: 60 }), "local", small)).toEqual([]);
    const [problem] = sizeProblems(spec({ listening: 2000 }), "local", small);
    // 2000 listening tentacles, 3 nodes: their proxies hold 2000 x (1 + 2 x 3) = 14000 descriptors in one toxiproxy-server
    expect(problem).toBe(`fleet.listening: got 2000, expected a fleet whose processes fit \`ulimit -n\` 1024: one toxiproxy-server of 1 shards needs ${14_000 + FD_HEADROOM_PER_PROCESS} open files (${FD_HEADROOM_PER_PROCESS} of them its own); raise \`ulimit -n\` to ${14_000 + FD_HEADROOM_PER_PROCESS}, or set fleet.processes to at least 19`);
    expect(sizeProblems(spec({ listening: 2000, processes: 19 }), "local", small)).toEqual([]);
    expect(sizeProblems(spec({ listening: 2000 }), "k8s", small)).toEqual([]);
  });

  it("refuses a column whose parts need more memory than the machine has, with the numbers", () => {
    const found = problems({ fleet: { listening: 20_000 } } as Partial<ScenarioInput>, "local", { ...roomy, memoryBytes: 2 * GIB });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^fleet\.listening: got 20000, expected a column that fits this machine's 2\.0 GiB of memory: its parts need about \d+\.\d GiB \(fleet 9 x \d+\.\d, nodes 3 x \d+\.\d, k6 1 x \d+\.\d GiB; unit costs of 2026-/);
    expect(problems({ fleet: { listening: 20_000 } } as Partial<ScenarioInput>, "k8s", { ...roomy, memoryBytes: 2 * GIB })).toEqual([]);
  });

  it("throws one invalid-scenario error listing every problem", () => {
    expect(() => preflight(loaded({ invariants: ["nope"], faults: [{ atS: 99, forS: 1, kind: "latency", target: "all", attributes: { latencyMs: 1 } }] } as Partial<ScenarioInput>), "local", { limits: roomy }))
      .toThrow(expect.objectContaining({ kind: "invalid-scenario", problems: [expect.stringMatching(/^invariants\.0: got "nope"/), expect.stringMatching(/^faults\.0\.atS: got 99, expected < 30/)] }));
  });
});

describe("preflight: the catalogue", () => {
  it.each(listScenarioNames())("%s passes, full and shortened, on this machine", async (name) => {
    const { shortened } = (await import(pathToFileURL(path.join(SCENARIOS_DIR, `${name}.ts`)).href)) as { shortened?: object };
    expect(preflightProblems(await loadScenario(name))).toEqual([]);
    if (shortened) expect(preflightProblems(await loadScenario(name, [shortened]))).toEqual([]);
  });
});
