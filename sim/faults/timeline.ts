// Runs a fault schedule against real targets: each step starts at loadStart + atS and heals after
// forS. Every window is recorded in the history with its real start and end: `fault:<kind>` invoke
// when applying begins, ok once healed (info when applying or healing failed; the value says when it
// was applied and why it failed). healAll() ends every active fault now, then resets Toxiproxy
// (recovering it when the control API hangs), and reports what could not be healed.

import type { Clock, ClockTimer, FaultWindowValue } from "../contracts/index.ts";
import { systemClock } from "../lib/clock.ts";
import { withTimeout } from "../lib/errors.ts";
import type { Recorder } from "../history/recorder.ts";
import { messageOf, type Fault, type FaultDeps, type FaultStepInput, type FaultTargets } from "./fault.ts";
import { faultKind } from "./index.ts";

/** Longest one fault may take to heal (process restarts included) before it is reported stuck. */
const HEAL_TIMEOUT_MS = 60_000;

export interface TimelineStep extends FaultStepInput {
  atS: number;
  forS: number;
  kind: string;
  targets: FaultTargets;
}

export interface RunningTimeline {
  /** Resolves when every step has started and healed (or healAll ran). */
  finished: Promise<void>;
  /** Number of faults fully applied and not yet healed, right now (for the progress line and tests). */
  activeCount(): number;
  /** Heals every active fault, cancels the steps not started yet, resets Toxiproxy. Never throws; resolves to the problems (empty when all healed). */
  healAll(): Promise<string[]>;
}

interface Active {
  fault: Fault;
  value: FaultWindowValue;
  /** Settles when start() has; heal waits for it so it never races a half-applied fault. */
  starting: Promise<unknown>;
  appliedAtMs?: number;
}

/** Runs `steps` from `loadStartMs` on `clock` (times and timers; the recorder stamps ops with its own). */
export function runTimeline(steps: TimelineStep[], deps: FaultDeps, recorder: Recorder, loadStartMs: number, clock: Clock = systemClock): RunningTimeline {
  const active = new Set<Active>();
  /** Scheduled callbacks not yet run: timer -> resolves the caller's promise without running it. */
  const scheduled = new Map<ClockTimer, () => void>();
  let cancelled = false;
  const problems: string[] = [];
  const record = (type: "invoke" | "ok" | "info", value: FaultWindowValue) => recorder.record(type, `fault:${value.kind}`, value, "faults");

  const at = (whenMs: number, fn: () => Promise<void>) =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimer(() => {
        scheduled.delete(timer);
        fn().then(resolve, resolve);
      }, whenMs - clock.nowMs());
      scheduled.set(timer, resolve);
    });

  const heal = async (entry: Active, extra: Partial<FaultWindowValue> = {}) => {
    if (!active.delete(entry)) return;
    await entry.starting.catch(() => {});
    const healStartedAtMs = clock.nowMs();
    const value = { ...entry.value, ...(entry.appliedAtMs ? { appliedAtMs: entry.appliedAtMs } : {}), ...extra, healStartedAtMs };
    try {
      await withTimeout(`healing fault ${entry.value.kind} on ${entry.value.target}`, HEAL_TIMEOUT_MS, entry.fault.stop());
      record(extra.error ? "info" : "ok", value);
    } catch (e) {
      problems.push(`${entry.value.kind} on ${entry.value.target}: ${messageOf(e)}`);
      record("info", { ...value, error: `${extra.error ? `${extra.error}; ` : ""}could not heal: ${messageOf(e)}` });
    }
  };

  const runStep = async (step: TimelineStep, plannedAtMs: number) => {
    if (cancelled) return;
    const kind = faultKind(step.kind);
    const attributes = kind.attributes.parse(step.attributes) as Record<string, unknown>;
    const fault = kind.make(deps);
    const value: FaultWindowValue = { kind: step.kind, target: step.targets.description, targets: [...step.targets.proxyNames, ...step.targets.processNames], attributes, plannedAtMs };
    record("invoke", value);
    const starting = fault.start(step.targets, { ...step, attributes });
    const entry: Active = { fault, value, starting };
    active.add(entry);
    try {
      await starting;
    } catch (e) {
      await heal(entry, { error: `could not apply: ${messageOf(e)}` });
      return;
    }
    entry.appliedAtMs = clock.nowMs();
    if (active.has(entry)) await at(entry.appliedAtMs + step.forS * 1000, () => heal(entry));
  };

  const finished = Promise.all(
    steps.map((step) => {
      const plannedAtMs = loadStartMs + step.atS * 1000;
      return at(plannedAtMs, () => runStep(step, plannedAtMs));
    }),
  ).then(() => {});

  return {
    finished,
    activeCount: () => [...active].filter((e) => e.appliedAtMs !== undefined).length,
    async healAll() {
      cancelled = true;
      for (const [timer, resolve] of scheduled) {
        clock.clearTimer(timer);
        resolve();
      }
      scheduled.clear();
      await Promise.all([...active].map((entry) => heal(entry)));
      await resetToxiproxy(deps).catch((e: unknown) => void problems.push(messageOf(e)));
      return problems.splice(0);
    },
  };
}

/** Removes every toxic and re-enables every proxy; recovers Toxiproxy when the control API does not answer. */
async function resetToxiproxy(deps: FaultDeps): Promise<void> {
  try {
    await (deps.toxiproxy.resetAll ? deps.toxiproxy.resetAll() : deps.toxiproxy.call("reset (heal all)", (c) => c.reset()));
  } catch (e) {
    if (!deps.toxiproxy.recover) throw new Error(`final Toxiproxy reset failed and the run offers no recovery: ${messageOf(e)}`, { cause: e });
    await deps.toxiproxy.recover(`final reset failed: ${messageOf(e)}`);
  }
}
