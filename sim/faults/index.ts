// The table of fault kinds (an explicit registry, no import-time side effects) and the public surface.

import { errors } from "../infra/errors.ts";
import type { FaultKind } from "./fault.ts";
import { latency } from "./latency.ts";
import { noop } from "./noop.ts";

export const FAULT_KINDS: Readonly<Record<string, FaultKind>> = { latency, noop };

export function faultKind(kind: string): FaultKind {
  const found = FAULT_KINDS[kind];
  if (!found) throw errors.invalidArgument("faults[].kind", kind, `one of ${Object.keys(FAULT_KINDS).join(", ")}`);
  return found;
}

/** Checks every step's kind and attributes before anything starts; returns the problems (empty when fine). */
export function validateFaultSteps(steps: { kind: string; attributes: Record<string, unknown> }[]): string[] {
  return steps.flatMap((step, i) => {
    const kind = FAULT_KINDS[step.kind];
    if (!kind) return [`faults.${i}.kind: got ${JSON.stringify(step.kind)}, expected one of ${Object.keys(FAULT_KINDS).join(", ")}`];
    const result = kind.attributes.safeParse(step.attributes);
    return result.success ? [] : result.error.issues.map((issue) => `faults.${i}.attributes.${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(step.attributes)})`);
  });
}

export type { Fault, FaultDeps, FaultKind, FaultTargets, ToxiproxyControl } from "./fault.ts";
export { selectTargets, type TargetSelector } from "./targets.ts";
export { runTimeline, type RunningTimeline, type TimelineStep } from "./timeline.ts";
