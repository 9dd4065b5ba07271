// `taskstorm run <scenario>`: validates everything it can before starting anything, runs the scenario
// (with --baseline / --repeat evidence), prints the report path, and exits 1 naming each failed verdict.
// The arguments are checked before the scenario layer (zod) and the lifecycle are imported.
import { HarnessError } from "../lib/errors.ts";
import { isNonNegative, isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";
import { abortOnSignals } from "./signals.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    strategy: { type: "string", multiple: true },
    seed: { type: "string" },
    set: { type: "string", multiple: true },
    postgres: { type: "string" },
    "reports-dir": { type: "string" },
    baseline: { type: "string" },
    tolerance: { type: "string" },
    repeat: { type: "string" },
    prometheus: { type: "boolean" },
    "prometheus-url": { type: "string" },
  });
  if (positionals.length !== 1) throw new HarnessError("invalid-argument", `run takes exactly one scenario, got ${positionals.length}: see taskstorm run --help`);
  const seed = numberOption("--seed", values.seed, "an integer", Number.isSafeInteger);
  const repeat = numberOption("--repeat", values.repeat, "an integer >= 1", isPositiveInteger) ?? 1;
  const tolerance = numberOption("--tolerance", values.tolerance, "a number >= 0, e.g. 0.1 for 10%", isNonNegative);
  const { liveModeOf } = await import("../run/live/live-view.ts");
  const live = liveModeOf(values.prometheus, values["prometheus-url"]);
  if (live.kind === "prometheus") await (await import("../infra/prometheus-bin.ts")).requirePrometheus(); // before anything starts
  const { parsePostgresSource } = await import("../infra/postgres-source.ts");
  const postgres = parsePostgresSource(values.postgres);
  const { loadScenario, parseSetOverride } = await import("../scenario/index.ts");
  const overrides = (values.set ?? []).map(parseSetOverride);
  if (seed !== undefined) overrides.push({ seed });
  const loaded = await loadScenario(positionals[0]!, overrides);
  const { preflight } = await import("../run/preflight.ts");
  preflight(loaded);

  const [{ runWithEvidence }, { makeProgress }] = await Promise.all([import("../run/evidence.ts"), import("../run/progress.ts")]);
  using signals = abortOnSignals("run", (signal) => process.stderr.write(`\n[taskstorm] ${signal}: stopping everything this run started...\n`));
  const progress = makeProgress();
  try {
    const result = await runWithEvidence(loaded, {
      strategies: values.strategy, postgres, reportsDir: values["reports-dir"], progress, signal: signals.signal, live,
    }, { repeat, baselinePath: values.baseline, tolerance, args });
    progress.close();
    out(`report: ${result.reportPath}`);
    if (!result.summary.verdict.ok) {
      for (const reason of result.summary.verdict.reasons) process.stderr.write(`FAILED: ${reason}\n`);
      return EXIT.verdictFailed;
    }
    return EXIT.ok;
  } catch (e) {
    progress.close();
    const code = signals.exitCode();
    if (code !== undefined) return code;
    throw e;
  }
}
