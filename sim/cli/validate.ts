// `taskstorm validate <scenario|file.ts>`: the checks `run` makes before it starts anything (the scenario
// file, its schema, --set, --strategy, then preflight against this machine and the planned columns), and
// nothing else: nothing is started or written. Exit 0 valid, 2 invalid; --json prints one ValidateResultJson.
import { HarnessError } from "../lib/errors.ts";
import { numberOption, parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("validate", args, {
    strategy: { type: "string", multiple: true },
    set: { type: "string", multiple: true },
    seed: { type: "string" },
    placement: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (positionals.length !== 1) throw new HarnessError("invalid-argument", `validate takes exactly one scenario, got ${positionals.length}: see taskstorm validate --help`);
  const seed = numberOption("--seed", values.seed, "an integer", Number.isSafeInteger);
  const placement = values.placement ?? "local";
  if (placement !== "local" && placement !== "netns" && placement !== "k8s") throw new HarnessError("invalid-argument", `--placement: got ${JSON.stringify(placement)}, expected local, netns or k8s`);
  const [{ chooseVariants, loadScenario, parseSetOverride }, { preflight }, { validateResultJson }] = await Promise.all([
    import("../scenario/index.ts"), import("../run/preflight.ts"), import("./json-result.ts"),
  ]);
  const scenario = positionals[0]!;
  let problems: readonly string[] = [];
  let summary = "";
  try {
    const overrides = (values.set ?? []).map(parseSetOverride);
    if (seed !== undefined) overrides.push({ seed });
    const loaded = await loadScenario(scenario, overrides);
    preflight(loaded, placement, { strategies: values.strategy });
    const columns = chooseVariants(loaded, values.strategy).map((c) => c.label);
    summary = `${loaded.source} is valid: ${columns.length} column(s) (${columns.join(", ")}), ${loaded.spec.server.nodes} node(s), ${loaded.spec.fleet.listening + loaded.spec.fleet.polling} tentacle(s), ${loaded.spec.faults.length} fault(s), placement ${placement}`;
  } catch (error) {
    if (!(error instanceof HarnessError) || (error.kind !== "invalid-scenario" && error.kind !== "invalid-argument")) throw error;
    problems = error.problems;
    if (!values.json) process.stderr.write(`taskstorm: ${error.message}\n`);
  }
  const code = problems.length ? EXIT.badInput : EXIT.ok;
  if (values.json) out(JSON.stringify(validateResultJson(scenario, problems, code)));
  else if (code === EXIT.ok) out(summary);
  return code;
}
