// Exit codes of every taskstorm command, and how an error thrown by a command maps to one.
import { HarnessError } from "../lib/errors.ts";

/** 0 all checks and thresholds passed; 1 a check, SLO or threshold failed; 2 bad input;
 * 3 the harness or its infrastructure failed; 130 / 143 interrupted by SIGINT / SIGTERM. */
export const EXIT = { ok: 0, verdictFailed: 1, badInput: 2, infraFailed: 3, sigint: 130, sigterm: 143 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Bad input (exit 2) for argument and scenario errors, infrastructure failure (exit 3) for anything else. */
export function exitCodeOf(error: Error): ExitCode {
  if (error instanceof HarnessError && (error.kind === "invalid-scenario" || error.kind === "invalid-argument")) return EXIT.badInput;
  return EXIT.infraFailed;
}
