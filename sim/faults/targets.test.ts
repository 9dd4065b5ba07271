// Target selectors are pure and seeded: each selector picks what it says, the same seed and step pick
// the same things, and selecting on something the fleet does not have fails naming it.
import { describe, expect, it } from "vitest";
import { validateFaultSteps } from "./index.ts";
import { selectTargets, type TargetUniverse } from "./targets.ts";

const universe: TargetUniverse = {
  tentacles: Array.from({ length: 100 }, (_, i) => ({
    id: `Machines-${i + 1}`,
    roles: [i % 2 ? "web" : "db"],
    mode: i < 70 ? "listening" : "polling",
    segment: `dc-${(i % 4) + 1}`,
    proxyNames: i < 70 ? [`Machines-${i + 1}`] : [`Machines-${i + 1}@node-1`, `Machines-${i + 1}@node-2`],
  })),
  nodes: [{ name: "node-1", databaseProxy: "db-node-1" }, { name: "node-2", databaseProxy: "db-node-2" }, { name: "node-3", databaseProxy: "db-node-3" }],
  fleets: [{ name: "fleet-1" }, { name: "fleet-2" }],
};
const select = (s: Parameters<typeof selectTargets>[0], seed = 1, key = "s0") => selectTargets(s, universe, seed, key);

describe("selectTargets", () => {
  it("picks all, one, a count and a fraction of tentacles, seeded", () => {
    expect(select("all").proxyNames).toHaveLength(130);
    expect(select("one").description).toMatch(/^1 of 100 tentacles \(one\)$/);
    const a = select({ fraction: 0.2 }).proxyNames;
    expect(select({ fraction: 0.2 }).proxyNames).toEqual(a);
    expect(select({ fraction: 0.2 }, 2).proxyNames).not.toEqual(a);
    expect(select({ fraction: 0.2 }, 1, "s1").proxyNames).not.toEqual(a);
    expect(select({ count: 7 }).description).toBe("7 of 100 tentacles (count 7)");
  });

  it("filters by segment, mode, role and ids, then picks; a polling tentacle brings all its links", () => {
    const dc2 = select({ segment: "dc-2" });
    expect(dc2.description).toBe("all 25 tentacles (segment dc-2)");
    expect(dc2.proxyNames.every((p) => Number(p.split(/[-@]/)[1]) % 4 === 2)).toBe(true);
    const polling = select({ mode: "polling", count: 3 });
    expect(polling.proxyNames).toHaveLength(6);
    expect(polling.proxyNames.every((p) => p.includes("@node-"))).toBe(true);
    expect(select({ role: "web", segment: "dc-2" }).description).toBe("all 25 tentacles (segment dc-2, role web)");
    // dc-1 holds only db machines: a selector matching nothing is a scenario mistake, not an empty fault
    expect(() => select({ role: "web", segment: "dc-1" })).toThrow(/no tentacles \(segment dc-1, role web\) to choose from/);
    expect(select({ ids: ["Machines-5", "Machines-9"] }).proxyNames).toEqual(["Machines-5", "Machines-9"]);
  });

  it("picks nodes, fleet processes and node-to-database links", () => {
    expect(select({ nodes: ["node-2"] })).toEqual({ proxyNames: [], processNames: ["node-2"], description: "nodes node-2" });
    expect(select({ nodes: "one" }).processNames).toHaveLength(1);
    expect(select({ fleets: "all" }).processNames).toEqual(["fleet-1", "fleet-2"]);
    expect(select("database").proxyNames).toEqual(["db-node-1", "db-node-2", "db-node-3"]);
    expect(select({ database: ["node-3"] })).toMatchObject({ proxyNames: ["db-node-3"], description: "node-to-database links node-3" });
    expect(select({ database: { count: 1 } }, 1).description).toMatch(/^1 of 3 node-to-database links \(count 1\) \(node-\d\)$/);
  });

  it("fails clearly on what the fleet does not have", () => {
    expect(() => select({ segment: "dc-9" })).toThrow(/no tentacle has segment "dc-9"; the fleet has dc-1, dc-2, dc-3, dc-4/);
    expect(() => select({ role: "cache" })).toThrow(/no tentacle has role "cache"/);
    expect(() => select({ nodes: ["node-7"] })).toThrow(/node-7 not among the nodes/);
    expect(() => select({ ids: ["Machines-999"] })).toThrow(/not in the fleet: Machines-999/);
    const bare: TargetUniverse = { ...universe, tentacles: universe.tentacles.map(({ id, roles, proxyNames }) => ({ id, roles, proxyNames })) };
    expect(() => selectTargets({ segment: "dc-1" }, bare, 1, "s")).toThrow(/fleet model has no segment on its machines \(FixtureMachine.segment is not set\)/);
    expect(() => selectTargets({ mode: "polling" }, bare, 1, "s")).toThrow(/fleet model has no mode/);
  });
});

describe("validateFaultSteps", () => {
  it("rejects unknown kinds, bad attributes and targets the kind cannot act on", () => {
    expect(validateFaultSteps([{ kind: "latencee", attributes: {} }])[0]).toMatch(/faults\.0\.kind: got "latencee", expected one of latency/);
    expect(validateFaultSteps([{ kind: "latency", attributes: { latencyMs: -1 } }])[0]).toMatch(/faults\.0\.attributes\.latencyMs/);
    expect(validateFaultSteps([{ kind: "kill", attributes: {}, target: { fraction: 0.5 } }])[0]).toMatch(/faults\.0\.target: kind kill acts on processes and cannot target tentacles/);
    expect(validateFaultSteps([{ kind: "latency", attributes: { latencyMs: 5 }, target: { nodes: "one" } }])[0]).toMatch(/cannot target nodes; target tentacles .* or \{ database: \.\.\. \}/);
    expect(validateFaultSteps([{ kind: "pool-squeeze", attributes: { stuckConnections: 2 }, target: { fleets: "all" } }])[0]).toMatch(/cannot target fleets/);
    expect(validateFaultSteps([
      { kind: "latency", attributes: { latencyMs: 5 }, target: { database: ["node-1"] } },
      { kind: "restart", attributes: { rolling: true }, target: { fleets: "all" } },
      { kind: "kill", attributes: { restartOnHeal: false }, target: { nodes: { count: 1 } } },
    ])).toEqual([]);
  });
});
