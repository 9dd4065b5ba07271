// The fault schedule of one strategy pass, planned before anything starts: what faults can target
// (tentacles with their proxies, nodes with their database links, fleet processes) and the scenario's
// steps resolved to concrete targets (seeded); a selector that matches nothing fails here.

import { errors } from "../lib/errors.ts";
import { selectTargets, type TargetUniverse, type TimelineStep } from "../faults/index.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import { machineIdOfProxy } from "./fleet-plan.ts";
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
