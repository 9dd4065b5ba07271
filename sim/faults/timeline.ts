// Runs a fault schedule against real targets: each step starts at loadStart + atS and heals after
// forS; every window is recorded in the history with its real start and end (`fault:<kind>` invoke,
// then ok when healed, info when it could not be applied). healAll() ends every active fault now.

import type { FaultWindowValue } from "../contracts/index.ts";
import type { Recorder } from "../history/recorder.ts";
import type { Fault, FaultDeps, FaultStepInput, FaultTargets } from "./fault.ts";
import { faultKind } from "./index.ts";

export interface TimelineStep extends FaultStepInput {
  atS: number;
  forS: number;
  kind: string;
  targets: FaultTargets;
}

export interface RunningTimeline {
  /** Resolves when every step has started and healed (or healAll ran). */
  finished: Promise<void>;
  /** Number of faults active right now (for the progress line). */
  activeCount(): number;
  /** Heals every active fault and cancels the steps not started yet. Never throws; errors are recorded. */
  healAll(): Promise<void>;
}

interface Active {
  fault: Fault;
  value: FaultWindowValue;
}

export function runTimeline(steps: TimelineStep[], deps: FaultDeps, recorder: Recorder, loadStartMs: number): RunningTimeline {
  const active = new Set<Active>();
  /** Scheduled callbacks not yet run: timer -> resolves the caller's promise without running it. */
  const scheduled = new Map<NodeJS.Timeout, () => void>();
  let cancelled = false;

  const at = (whenMs: number, fn: () => Promise<void>) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        scheduled.delete(timer);
        fn().then(resolve, resolve);
      }, Math.max(0, whenMs - Date.now()));
      scheduled.set(timer, resolve);
    });

  const heal = async (entry: Active) => {
    if (!active.delete(entry)) return;
    try {
      await entry.fault.stop();
      recorder.record("ok", `fault:${entry.value.kind}`, entry.value, "faults");
    } catch (e) {
      recorder.record("info", `fault:${entry.value.kind}`, { ...entry.value, error: String(e) }, "faults");
    }
  };

  const runStep = async (step: TimelineStep) => {
    if (cancelled) return;
    const kind = faultKind(step.kind);
    const attributes = kind.attributes.parse(step.attributes) as Record<string, unknown>;
    const entry: Active = {
      fault: kind.make(deps),
      value: { kind: step.kind, target: step.targets.description, targets: step.targets.proxyNames, attributes },
    };
    active.add(entry);
    try {
      await entry.fault.start(step.targets, { ...step, attributes });
      recorder.record("invoke", `fault:${step.kind}`, entry.value, "faults");
    } catch (e) {
      recorder.record("info", `fault:${step.kind}`, { ...entry.value, error: `could not apply: ${String(e)}` }, "faults");
      await entry.fault.stop().catch(() => {});
      active.delete(entry);
      return;
    }
    await at(Date.now() + step.forS * 1000, () => heal(entry));
  };

  const finished = Promise.all(steps.map((step) => at(loadStartMs + step.atS * 1000, () => runStep(step)))).then(() => {});
  return {
    finished,
    activeCount: () => active.size,
    async healAll() {
      cancelled = true;
      for (const [timer, resolve] of scheduled) {
        clearTimeout(timer);
        resolve();
      }
      scheduled.clear();
      await Promise.all([...active].map(heal));
    },
  };
}
