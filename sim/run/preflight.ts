// Checks the parts of a scenario that other modules own (fault kinds and attributes, checker names)
// before anything starts, so a typo fails in milliseconds rather than after the load.

import { isCheckerName, CHECKERS } from "../checks/index.ts";
import { validateFaultSteps } from "../faults/index.ts";
import { errors } from "../lib/errors.ts";
import type { LoadedScenario } from "../scenario/index.ts";

export function preflight({ spec, source }: LoadedScenario): void {
  const problems = [
    ...validateFaultSteps(spec.faults),
    ...spec.invariants
      .map((name, i) => (isCheckerName(name) ? "" : `invariants.${i}: got ${JSON.stringify(name)}, expected one of ${Object.keys(CHECKERS).join(", ")}`))
      .filter(Boolean),
  ];
  if (problems.length) throw errors.invalidScenario(source, problems);
}
