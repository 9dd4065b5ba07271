// The pass's fault timeline, started on the pass's parts: the planned steps with their dependencies
// (Toxiproxy control over every shard, process handles by name, the database). healAll() fails the
// pass clearly when something could not be healed; healQuietly() is for teardown.
import { errors } from "../lib/errors.ts";
import { runTimeline, type FaultDeps, type ManagedProcess, type TimelineStep } from "../faults/index.ts";
import type { Recorder } from "../history/index.ts";

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
