// The run's view of fault targets (pure): a polling machine's proxies (<id>@<node>) all belong to it,
// and a scenario step that selects nothing fails before the run starts, naming the step.
import { describe, expect, it } from "vitest";
import { validateScenario } from "../scenario/index.ts";
import { faultUniverse, planFaultSteps } from "./fault-plan.ts";
import type { Topology } from "./topology.ts";

const machine = (id: string, mode: "listening" | "polling", segment: string) => ({ id, name: id, environmentId: "Environments-1", roles: ["web"], endpoint: "", mode, segment });
const topology = {
  tentacles: [],
  pollingTentacles: [],
  proxies: [
    { name: "Machines-1", listen: "", upstream: "", enabled: true },
    { name: "Machines-2@node-1", listen: "", upstream: "", enabled: true },
    { name: "Machines-2@node-2", listen: "", upstream: "", enabled: true },
  ],
  fixtures: { projects: [], environments: [], machines: [machine("Machines-1", "listening", "dc-1"), machine("Machines-2", "polling", "dc-2")] },
} as unknown as Topology;
const nodes = [{ name: "node-1", databaseProxy: "db-node-1" }, { name: "node-2", databaseProxy: "db-node-2" }];

describe("fault wiring", () => {
  it("gives each machine all its proxies and resolves every step", () => {
    const universe = faultUniverse(topology, nodes, ["fleet-1"]);
    expect(universe.tentacles.map((t) => t.proxyNames)).toEqual([["Machines-1"], ["Machines-2@node-1", "Machines-2@node-2"]]);
    const spec = validateScenario({
      name: "wiring",
      description: "test",
      faults: [
        { atS: 1, forS: 2, kind: "black-hole", target: { mode: "polling" } },
        { atS: 1, forS: 2, kind: "latency", target: { database: ["node-2"] }, attributes: { latencyMs: 50 } },
        { atS: 3, forS: 2, kind: "restart", target: { fleets: "all" } },
      ],
    }, "test");
    const steps = planFaultSteps(spec, universe);
    expect(steps.map((s) => [...s.targets.proxyNames, ...s.targets.processNames])).toEqual([["Machines-2@node-1", "Machines-2@node-2"], ["db-node-2"], ["fleet-1"]]);
  });

  it("fails before the run, naming the step, when a selector matches nothing", () => {
    const spec = validateScenario({ name: "wiring", description: "test", faults: [{ atS: 1, forS: 2, kind: "down", target: { segment: "dc-7" } }] }, "test");
    expect(() => planFaultSteps(spec, faultUniverse(topology, nodes, ["fleet-1"]))).toThrow(/faults\.0\.target: fault target segment: no tentacle has segment "dc-7"; the fleet has dc-1, dc-2/);
  });
});
