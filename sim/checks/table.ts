// The table of named invariant checkers (explicit, no import-time registration).
// Add a checker: one file exporting a pure Checker, plus one line here.
import type { Checker } from "../contracts/index.ts";
import { allAcceptedTerminal } from "./all-accepted-terminal.ts";
import { noDoubleExecution } from "./no-double-execution.ts";

export const CHECKERS = {
  "all-accepted-terminal": allAcceptedTerminal,
  "no-double-execution": noDoubleExecution,
} as const satisfies Record<string, Checker>;

export type CheckerName = keyof typeof CHECKERS;

export function isCheckerName(name: string): name is CheckerName {
  return Object.hasOwn(CHECKERS, name);
}
