// The fault schedule of one strategy pass, planned before anything starts: what faults can target
// (tentacles with their proxies, nodes with their database links, fleet processes) and the scenario's
// steps resolved to concrete targets (seeded); a selector that matches nothing fails here.

import { errors } from "../lib/errors.ts";
import { selectTargets, type TargetUniverse, type TimelineStep } from "../faults/index.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import { databaseProxyName } from "./database-proxies.ts";
import { machineIdOfProxy, type FleetPlan } from "./fleet-plan.ts";
import { nodeNames } from "./node-config.ts";
import type { Topology } from "./topology.ts";

export function faultUniverse(topology: Topology, nodes: readonly { name: string; databaseProxy?: string }[], fleetNames: readonly string[]): TargetUniverse {
  const proxiesByMachine = new Map<string, string[]>();
  for (const proxy of topology.proxies) {
    const id = machineIdOfProxy(proxy.name);
    proxiesByMachine.set(id, [...(proxiesByMachine.get(id) ?? []), proxy.name]);
  }
  return {
    tentacles: topology.fixtures.machines.map((m) => ({ id: m.id, roles: m.roles, mode: m.mode, segment: m.segment, proxyNames: proxiesByMachine.get(m.id) ?? [] })),
    nodes,
    fleets: fleetNames.map((name) => ({ name })),
  };
}

/** One column's fault steps over its planned universe: the fleet plan's machines and shards, every node with its database link. */
export function planColumnFaults(spec: ScenarioSpec, plan: FleetPlan, source = spec.name): TimelineStep[] {
  const nodes = nodeNames(spec).map((name) => ({ name, databaseProxy: databaseProxyName(name) }));
  return planFaultSteps(spec, faultUniverse(plan.topology, nodes, plan.fleetConfigs.map((c) => c.fleetName)), source);
}

/** The scenario's fault steps with concrete targets (seeded); a selector that matches nothing fails here, before the run starts. */
export function planFaultSteps(spec: ScenarioSpec, universe: TargetUniverse, source = spec.name): TimelineStep[] {
  const problems: string[] = [];
  const steps = spec.faults.flatMap((step, i) => {
    try {
      return [{ ...step, targets: selectTargets(step.target, universe, spec.seed, `fault-${i}`) }];
    } catch (e) {
      problems.push(`faults.${i}.target: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  });
  if (problems.length) throw errors.invalidScenario(source, problems);
  return steps;
}
