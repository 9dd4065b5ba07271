import { z } from "zod";
import { describe, expect, it } from "vitest";
import { FAULT_KINDS, type FaultKind } from "../../faults/index.ts";
import { scenarioSchema } from "../../scenario/index.ts";
import { acceptedTargets, cellRunArgs, DEFAULT_SEEDS, FIRST_SEED, MATRIX_ATTRIBUTES, MATRIX_STRATEGIES, MATRIX_TARGETS, MATRIX_WINDOWS, planMatrix } from "./cells.ts";
import { parseSetOverride } from "../../scenario/index.ts";

const kinds = Object.values(FAULT_KINDS);
const local = kinds.filter((k) => !(k.requires ?? []).includes("hosts"));

describe("planMatrix (full)", () => {
  const plan = planMatrix({ quick: false });

  it("runs every kind the placement serves on every target its acts accepts, both windows, every strategy and seed", () => {
    expect(plan.seeds).toEqual(Array.from({ length: DEFAULT_SEEDS }, (_, i) => FIRST_SEED + i));
    for (const kind of local) {
      const targets = acceptedTargets(kind);
      expect(targets.length, kind.kind).toBeGreaterThan(0);
      const windows = kind.kind === "noop" ? 1 : MATRIX_WINDOWS.length;
      const cells = plan.cells.filter((c) => c.kind === kind.kind);
      expect(cells, kind.kind).toHaveLength(targets.length * windows * MATRIX_STRATEGIES.length * DEFAULT_SEEDS);
      expect(new Set(cells.map((c) => c.target))).toEqual(new Set(targets.map((t) => t.name)));
    }
    expect(new Set(plan.cells.map((c) => c.id)).size).toBe(plan.cells.length);
  });

  it("takes the targets from each kind's declared acts: links hit tentacle and database links, processes nodes and fleets, pool-squeeze nodes", () => {
    const names = (kind: string) => acceptedTargets(FAULT_KINDS[kind]!).map((t) => t.name);
    expect(names("latency")).toEqual(["tentacle-links", "node-db-link", "database"]);
    expect(names("kill")).toEqual(["fleet-process", "node"]);
    expect(names("pool-squeeze")).toEqual(["node"]);
    expect(names("noop")).toEqual(["tentacle-links"]);
    // every target is used by some kind
    expect(new Set(kinds.flatMap((k) => acceptedTargets(k).map((t) => t.name)))).toEqual(new Set(MATRIX_TARGETS.map((t) => t.name)));
  });

  it("follows the registry: a new kind gets cells without a list to edit", () => {
    const fresh: FaultKind = { kind: "new-kind", description: "", acts: "nodes", attributes: z.object({}).strict(), make: () => ({ kind: "new-kind", start: async () => {}, stop: async () => {} }) };
    const cells = planMatrix({ quick: false, seeds: 1, kinds: { ...FAULT_KINDS, [fresh.kind]: fresh } }).cells.filter((c) => c.kind === "new-kind");
    expect(cells.map((c) => c.id)).toContain("new-kind.node.long.optimistic-no-retries.s42");
    expect(cells).toHaveLength(1 * 2 * MATRIX_STRATEGIES.length);
  });

  it("lists kinds the placement cannot serve as skipped, and serves them where it can", () => {
    expect(plan.skipped).toEqual([{ kind: "host-partition", why: "needs hosts, which the local placement does not offer" }]);
    expect(plan.cells.some((c) => c.kind === "host-partition")).toBe(false);
    const netns = planMatrix({ quick: false, seeds: 1, placement: "netns" });
    expect(netns.cells.some((c) => c.kind === "host-partition")).toBe(true);
    expect(netns.skipped.map((s) => s.kind)).toEqual(["pool-squeeze"]);
  });

  it("gives every kind attributes its own schema accepts", () => {
    for (const kind of kinds) expect(kind.attributes.safeParse(MATRIX_ATTRIBUTES[kind.kind] ?? {}).success, kind.kind).toBe(true);
  });
});

describe("planMatrix --quick", () => {
  const quick = planMatrix({ quick: true, seeds: 5 });

  it("is one seed, the short window, the correct strategies, one target per kind: every kind twice", () => {
    expect(quick.seeds).toEqual([FIRST_SEED]);
    expect(new Set(quick.cells.map((c) => c.window.name))).toEqual(new Set(["short"]));
    expect(new Set(quick.cells.map((c) => c.strategy.label))).toEqual(new Set(["pessimistic", "optimistic"]));
    expect(quick.cells).toHaveLength(local.length * 2);
    for (const kind of local) expect(new Set(quick.cells.filter((c) => c.kind === kind.kind).map((c) => c.target)).size, kind.kind).toBe(1);
  });

  it("rotates targets among kinds of one scope, so every target is still hit (the fleet process by kill and restart)", () => {
    const targetOf = (kind: string) => quick.cells.find((c) => c.kind === kind)!.target;
    expect(new Set(quick.cells.map((c) => c.target))).toEqual(new Set(MATRIX_TARGETS.map((t) => t.name)));
    expect([targetOf("latency"), targetOf("bandwidth"), targetOf("black-hole"), targetOf("down")]).toEqual(["tentacle-links", "node-db-link", "database", "tentacle-links"]);
    expect([targetOf("kill"), targetOf("pause"), targetOf("restart")]).toEqual(["fleet-process", "node", "fleet-process"]);
  });
});

describe("cellRunArgs", () => {
  it("is smoke with the cell's seed, one column, a short load, the one fault and the matrix's extra invariant, all valid", () => {
    const cell = planMatrix({ quick: false, seeds: 1 }).cells.find((c) => c.id === "pool-squeeze.node.long.pessimistic-lock-across-rpc.s42")!;
    const args = cellRunArgs(cell, ["all-accepted-terminal", "once-per-ticket"]);
    expect(args.slice(0, 2)).toEqual(["smoke", "--seed=42"]);
    const sets = args.slice(2).map((a) => parseSetOverride(a.replace(/^--set=/, "")));
    const merged = Object.assign({}, ...sets) as Record<string, unknown>;
    expect(merged.strategies).toEqual([{ name: "pessimistic", label: "pessimistic-lock-across-rpc", options: { holdLockAcrossRpc: true } }]);
    expect(merged.faults).toEqual([{ atS: 2, forS: 8, kind: "pool-squeeze", target: { nodes: "one" }, attributes: { stuckConnections: 10 } }]);
    expect(merged.invariants).toEqual(["all-accepted-terminal", "once-per-ticket", "failures-explained"]);
    expect(scenarioSchema.shape.faults.safeParse(merged.faults).success).toBe(true);
  });
});
