// The one error model of the harness (STYLE rule 13): HarnessError with a `kind`, built only by the
// named constructors below. Messages say what was expected, what was seen, and the limit.

export type HarnessErrorKind =
  | "invalid-scenario"
  | "invalid-argument"
  | "tool-missing"
  | "tool-build-failed"
  | "timeout"
  | "process-failed"
  | "infra-failed";

export class HarnessError extends Error {
  readonly kind: HarnessErrorKind;
  /** Each problem of an invalid scenario, "field.path: got X, expected Y" (what `validate --json` lists). */
  readonly problems: readonly string[];
  constructor(kind: HarnessErrorKind, message: string, options?: { cause?: unknown; problems?: readonly string[] }) {
    super(message, options);
    this.name = "HarnessError";
    this.kind = kind;
    this.problems = options?.problems ?? [message];
  }
}

export const errors = {
  invalidScenario: (source: string, problems: string[]) =>
    new HarnessError("invalid-scenario", `scenario ${source} is invalid:\n  - ${problems.join("\n  - ")}`, { problems }),
  invalidArgument: (name: string, value: unknown, expected: string) =>
    new HarnessError("invalid-argument", `${name}: got ${JSON.stringify(value)}, expected ${expected}`),
  toolMissing: (tool: string, waysOut: string[]) =>
    new HarnessError("tool-missing", `${tool} was not found. Ways out:\n  - ${waysOut.join("\n  - ")}`),
  toolBuildFailed: (tool: string, outputTail: string) =>
    new HarnessError("tool-build-failed", `building ${tool} failed:\n${outputTail}`),
  timeout: (what: string, limitMs: number, detail = "") =>
    new HarnessError("timeout", `${what} did not finish within ${limitMs} ms${detail ? `: ${detail}` : ""}`),
  processFailed: (name: string, detail: string) => new HarnessError("process-failed", `${name} failed: ${detail}`),
  infraFailed: (what: string, detail: string, cause?: unknown) =>
    new HarnessError("infra-failed", `${what}: ${detail}`, { cause }),
};

/** Turns anything thrown into an Error (graphile's coerceError), keeping the original as cause. */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === "string" ? thrown : `non-error thrown: ${JSON.stringify(thrown)}`, { cause: thrown });
}

/** Races a promise against a deadline; on expiry rejects with a timeout error (the promise is not cancelled). */
export async function withTimeout<T>(what: string, limitMs: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(errors.timeout(what, limitMs)), limitMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
