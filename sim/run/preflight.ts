// Checks the parts of a scenario that other modules own (fault kinds, attributes and what they need of
// the placement, checker names) before anything starts, so a typo fails in milliseconds rather than after the load.

import { isCheckerName, CHECKERS } from "../checks/index.ts";
import { validateFaultSteps, type PlacementAbility } from "../faults/index.ts";
import { errors } from "../lib/errors.ts";
import type { LoadedScenario } from "../scenario/index.ts";

/** What each placement offers fault kinds (faults/fault.ts `requires`). */
export const PLACEMENT_ABILITIES: Readonly<Record<string, readonly PlacementAbility[]>> = { local: ["local-database"], netns: ["hosts"], k8s: [] };

export function preflight({ spec, source }: LoadedScenario, placement = "local"): void {
  const problems = [
    ...validateFaultSteps(spec.faults, PLACEMENT_ABILITIES[placement]),
    ...spec.invariants
      .map((name, i) => (isCheckerName(name) ? "" : `invariants.${i}: got ${JSON.stringify(name)}, expected one of ${Object.keys(CHECKERS).join(", ")}`))
      .filter(Boolean),
  ];
  if (problems.length) throw errors.invalidScenario(source, problems);
}
