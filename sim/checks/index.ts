// Public surface of sim/checks: the named invariant checkers (table.ts), runChecks over a subset, compose.
import type { CheckInput, CheckResult, Checker } from "../contracts/index.ts";
import { composeChecks } from "./compose.ts";
import { CHECKERS, isCheckerName } from "./table.ts";

/** Runs the named checkers on one input; throws on an unknown name, listing the known ones. */
export function runChecks(names: readonly string[], input: CheckInput): Record<string, CheckResult> {
  const selected: Record<string, Checker> = {};
  for (const name of names) {
    if (!isCheckerName(name)) {
      throw new Error(`checks: unknown checker ${JSON.stringify(name)}; known: ${Object.keys(CHECKERS).join(", ")}`);
    }
    selected[name] = CHECKERS[name];
  }
  return composeChecks(selected)(input).results;
}

export { CHECKERS, isCheckerName, type CheckerName } from "./table.ts";
export { composeChecks, type ComposedResult } from "./compose.ts";
export { allAcceptedTerminal } from "./all-accepted-terminal.ts";
export { noDoubleExecution } from "./no-double-execution.ts";
export { noDoubleClaim } from "./no-double-claim.ts";
export { legalTransitions } from "./legal-transitions.ts";
export { taskCap } from "./task-cap.ts";
export { concurrencyTag } from "./concurrency-tag.ts";
export { noHungTasks } from "./no-hung-tasks.ts";
export { oncePerTicket } from "./once-per-ticket.ts";
export { cancelsHonoured } from "./cancels-honoured.ts";
export { interruptionsHonoured } from "./interruptions-honoured.ts";
export { failuresExplained } from "./failures-explained.ts";
