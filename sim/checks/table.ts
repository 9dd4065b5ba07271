// The table of named invariant checkers (explicit, no import-time registration).
// Add a checker: one file exporting a pure Checker, plus one line here.
import type { Checker } from "../contracts/index.ts";
import { allAcceptedTerminal } from "./all-accepted-terminal.ts";
import { cancelsHonoured } from "./cancels-honoured.ts";
import { concurrencyTag } from "./concurrency-tag.ts";
import { failuresExplained } from "./failures-explained.ts";
import { interruptionsHonoured } from "./interruptions-honoured.ts";
import { legalTransitions } from "./legal-transitions.ts";
import { noDoubleClaim } from "./no-double-claim.ts";
import { noDoubleExecution } from "./no-double-execution.ts";
import { noHungTasks } from "./no-hung-tasks.ts";
import { oncePerTicket } from "./once-per-ticket.ts";
import { taskCap } from "./task-cap.ts";

export const CHECKERS = {
  "all-accepted-terminal": allAcceptedTerminal,
  "no-double-execution": noDoubleExecution,
  "no-double-claim": noDoubleClaim,
  "legal-transitions": legalTransitions,
  "task-cap": taskCap,
  "concurrency-tag": concurrencyTag,
  "no-hung-tasks": noHungTasks,
  "once-per-ticket": oncePerTicket,
  "cancels-honoured": cancelsHonoured,
  "interruptions-honoured": interruptionsHonoured,
  "failures-explained": failuresExplained,
} as const satisfies Record<string, Checker>;

export type CheckerName = keyof typeof CHECKERS;

export function isCheckerName(name: string): name is CheckerName {
  return Object.hasOwn(CHECKERS, name);
}
