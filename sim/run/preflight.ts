// Every check that needs nothing running, before anything starts (`run`, `k8s render`, `validate`): fault
// kinds and what they need of the placement, checker and strategy names, fault times against the load,
// each column's size against this machine, and its fault targets against its planned universe (sim/plan).

import { isCheckerName, CHECKERS } from "../checks/index.ts";
import { isStrategyName, loadDurationS, STRATEGY_NAMES } from "../contracts/index.ts";
import { validateFaultSteps, type PlacementAbility } from "../faults/index.ts";
import { errors, HarnessError } from "../lib/errors.ts";
import { planColumnFaults } from "../plan/fault-plan.ts";
import { planPassFleet } from "../plan/fleet-plan.ts";
import { nodeNames } from "../plan/node-config.ts";
import { portOf } from "../plan/ports.ts";
import { readUnitCosts, type UnitCosts } from "../plan/unit-costs.ts";
import { chooseVariants, variantsOf, type LoadedScenario, type ScenarioSpec } from "../scenario/index.ts";
import { machineLimits, memoryProblems, sizeProblems, type MachineLimits } from "./machine-fit.ts";

/** What each placement offers fault kinds (faults/fault.ts `requires`). */
export const PLACEMENT_ABILITIES: Readonly<Record<string, readonly PlacementAbility[]>> = { local: ["local-database"], netns: ["hosts"], k8s: [] };

export interface PreflightOptions {
  /** The --strategy values (labels or names); default: the scenario's columns. */
  strategies?: readonly string[];
  /** Default: this machine's. */
  limits?: MachineLimits;
  /** Default: sim/plan/unit-costs.json. */
  costs?: UnitCosts;
}

/** Throws an invalid-scenario error (exit 2) listing every problem, each naming field, value and expectation. */
export function preflight(loaded: LoadedScenario, placement = "local", o: PreflightOptions = {}): void {
  const problems = preflightProblems(loaded, placement, o);
  if (problems.length) throw errors.invalidScenario(loaded.source, problems);
}

export function preflightProblems({ spec, source }: LoadedScenario, placement = "local", o: PreflightOptions = {}): string[] {
  const problems = [
    ...validateFaultSteps(spec.faults, PLACEMENT_ABILITIES[placement]),
    ...spec.invariants
      .map((name, i) => (isCheckerName(name) ? "" : `invariants.${i}: got ${JSON.stringify(name)}, expected one of ${Object.keys(CHECKERS).join(", ")}`))
      .filter(Boolean),
    ...strategyProblems(spec, o.strategies),
    ...faultTimingProblems(spec),
  ];
  if (problems.length) return problems; // the columns are planned only from a scenario that is otherwise sound
  const limits = o.limits ?? machineLimits();
  const baseKey = JSON.stringify(spec);
  const seen = new Set<string>();
  for (const column of chooseVariants({ spec, source }, o.strategies)) {
    const key = JSON.stringify(column.spec);
    if (seen.has(key)) continue;
    seen.add(key);
    const where = key === baseKey ? "" : ` (column ${column.label})`;
    problems.push(...columnProblems(column.spec, source, placement, limits, () => (o.costs ??= readUnitCosts())).map((p) => `${p}${where}`));
  }
  return [...new Set(problems)];
}

/** Every column names a known strategy: the scenario's `strategies`, and each --strategy that is not one of its labels or names. */
export function strategyProblems(spec: ScenarioSpec, wanted: readonly string[] = []): string[] {
  const columns = variantsOf(spec);
  const known = STRATEGY_NAMES.join(", ");
  return [
    ...columns.flatMap((c, i) => (isStrategyName(c.name) ? [] : [`strategies.${i}.name: got ${JSON.stringify(c.name)}, expected one of ${known}`])),
    ...wanted.filter((w) => !columns.some((c) => c.label === w || c.name === w) && !isStrategyName(w))
      .map((w) => `--strategy: got ${JSON.stringify(w)}, expected a column of ${spec.name} (${columns.map((c) => c.label).join(", ")}) or a strategy (${known})`),
  ];
}

/** Every fault starts while the load runs (the timeline ends with the load, healing whatever is still on). */
export function faultTimingProblems(spec: ScenarioSpec): string[] {
  const loadS = loadDurationS(spec.load.stages);
  return spec.faults.flatMap((step, i) => (step.atS < loadS ? [] : [`faults.${i}.atS: got ${step.atS}, expected < ${loadS} (the load lasts ${loadS} s, the sum of load.stages durations; faults are healed when it ends)`]));
}

/** Where a column's plan places nothing: fleet addresses are the placement's, reserved only when a pass starts. */
const NOWHERE = { tentacle: () => ({ host: "0.0.0.0", port: 0 }), proxy: () => ({ host: "0.0.0.0", port: 0 }) };

/** One column: its size against this machine, then (if it fits) its plan: the parts' memory and its fault targets in its universe. */
export function columnProblems(spec: ScenarioSpec, source: string, placement: string, limits: MachineLimits, costs: () => UnitCosts): string[] {
  const sized = sizeProblems(spec, placement, limits);
  if (sized.length) return sized;
  const pollingNodes = spec.fleet.polling > 0 ? nodeNames(spec).map((name) => ({ name, url: `http://${name}:${portOf(`${name}/polling`)}` })) : [];
  const fleet = planPassFleet(spec, "", NOWHERE, pollingNodes);
  const problems = memoryProblems(spec, fleet.model, placement, limits, costs());
  try {
    planColumnFaults(spec, fleet.plan, source);
  } catch (error) {
    if (!(error instanceof HarnessError)) throw error;
    problems.push(...error.problems);
  }
  return problems;
}
