// Combines named checkers into one (Jepsen checker/compose): runs each on the same input and merges
// validity (false outranks "unknown" outranks true). A checker that throws yields "unknown", never a crash.
import type { CheckInput, CheckResult, Checker, Validity } from "../contracts/index.ts";
import { mergeValidity } from "../contracts/index.ts";

export interface ComposedResult {
  valid: Validity;
  results: Record<string, CheckResult>;
}

export function composeChecks(checkers: Readonly<Record<string, Checker>>): (input: CheckInput) => ComposedResult {
  return (input) => {
    const results: Record<string, CheckResult> = {};
    let valid: Validity = true;
    for (const [name, check] of Object.entries(checkers)) {
      const result = runSafely(name, check, input);
      results[name] = result;
      valid = mergeValidity(valid, result.valid);
    }
    return { valid, results };
  };
}

function runSafely(name: string, check: Checker, input: CheckInput): CheckResult {
  try {
    return check(input);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { valid: "unknown", summary: `checker ${name} threw: ${message}` };
  }
}
