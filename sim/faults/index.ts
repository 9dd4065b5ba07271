// The table of fault kinds (an explicit registry, no import-time side effects) and the public surface.

import { errors } from "../lib/errors.ts";
import { bandwidth } from "./bandwidth.ts";
import { blackHole } from "./black-hole.ts";
import { dataLimit } from "./data-limit.ts";
import { down } from "./down.ts";
import type { FaultKind, PlacementAbility } from "./fault.ts";
import { hostPartition } from "./host-partition.ts";
import { kill } from "./kill.ts";
import { latency } from "./latency.ts";
import { noop } from "./noop.ts";
import { partition } from "./partition.ts";
import { pause } from "./pause.ts";
import { poolSqueeze } from "./pool-squeeze.ts";
import { resetPeer } from "./reset-peer.ts";
import { restart } from "./restart.ts";
import { slowClose } from "./slow-close.ts";
import { selectorMismatch, type TargetSelector } from "./targets.ts";

export const FAULT_KINDS: Readonly<Record<string, FaultKind>> = Object.fromEntries(
  [latency, bandwidth, blackHole, down, resetPeer, slowClose, dataLimit, partition, kill, pause, restart, poolSqueeze, hostPartition, noop].map((k) => [k.kind, k]),
);

export function faultKind(kind: string): FaultKind {
  const found = FAULT_KINDS[kind];
  if (!found) throw errors.invalidArgument("faults[].kind", kind, `one of ${Object.keys(FAULT_KINDS).join(", ")}`);
  return found;
}

/** Checks every step's kind, attributes, target scope and what it needs of the placement before anything starts; returns the problems (empty when fine). */
export function validateFaultSteps(steps: { kind: string; attributes: Record<string, unknown>; target?: TargetSelector }[], offered?: readonly PlacementAbility[]): string[] {
  return steps.flatMap((step, i) => {
    const kind = FAULT_KINDS[step.kind];
    if (!kind) return [`faults.${i}.kind: got ${JSON.stringify(step.kind)}, expected one of ${Object.keys(FAULT_KINDS).join(", ")}`];
    const result = kind.attributes.safeParse(step.attributes);
    const problems = result.success ? [] : result.error.issues.map((issue) => `faults.${i}.attributes.${issue.path.join(".")}: ${issue.message} (got ${JSON.stringify(step.attributes)})`);
    const mismatch = step.target === undefined || kind.kind === "noop" ? undefined : selectorMismatch(kind.kind, kind.acts, step.target);
    const missing = offered === undefined ? [] : (kind.requires ?? []).filter((need) => !offered.includes(need));
    return [
      ...problems,
      ...(mismatch ? [`faults.${i}.target: ${mismatch} (got ${JSON.stringify(step.target)})`] : []),
      ...missing.map((need) => `faults.${i}.kind: ${step.kind} needs ${need === "hosts" ? "parts on hosts of their own (--placement netns)" : "PostgreSQL on the conductor's machine (--placement local)"}`),
    ];
  });
}

export type { DatabaseControl, Fault, FaultDeps, FaultKind, FaultScope, FaultTargets, HostControl, ManagedProcess, PlacementAbility, ToxiproxyControl } from "./fault.ts";
export { selectTargets, selectorMismatch, selectorScope, type Pick, type TargetSelector, type TargetUniverse, type TentacleFilter } from "./targets.ts";
export { runTimeline, type RunningTimeline, type TimelineStep } from "./timeline.ts";
