// Composes the fault timeline for one strategy pass: what faults can target (tentacles with their
// proxies, nodes with their database links, fleet processes), the scenario's steps resolved to
// concrete targets before anything starts, and the timeline with its dependencies (Toxiproxy control,
// process handles, database). healAll() fails the pass clearly when something could not be healed.

import { errors } from "../lib/errors.ts";
import { runTimeline, selectTargets, type FaultDeps, type ManagedProcess, type TargetUniverse, type TimelineStep } from "../faults/index.ts";
import type { Recorder } from "../history/index.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import type { Topology } from "./topology.ts";

/** Tentacle proxies are named by machine id, optionally followed by "@<node>" or "/<n>" (one per polling link). */
const machineIdOfProxy = (proxyName: string) => proxyName.split(/[@/]/)[0]!;

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

export interface StartFaultsOptions {
  steps: TimelineStep[];
  deps: FaultDeps;
  recorder: Recorder;
  loadStartMs: number;
}

export interface RunningFaults {
  activeCount(): number;
  /** Heals everything; throws naming what could not be healed (the cluster is not in a state the run can trust). */
  healAll(): Promise<void>;
  /** Heals everything and returns the problems instead of throwing (for teardown). */
  healQuietly(): Promise<string[]>;
}

export function startFaults(o: StartFaultsOptions): RunningFaults {
  const timeline = runTimeline(o.steps, o.deps, o.recorder, o.loadStartMs);
  return {
    activeCount: () => timeline.activeCount(),
    async healAll() {
      const problems = await timeline.healAll();
      if (problems.length) throw errors.infraFailed("healing faults", `${problems.length} could not be healed:\n  - ${problems.join("\n  - ")}`);
    },
    healQuietly: () => timeline.healAll(),
  };
}

/** The processes faults may act on, by name. */
export function processMap(processes: readonly ManagedProcess[]): ReadonlyMap<string, ManagedProcess> {
  return new Map(processes.map((p) => [p.name, p]));
}
