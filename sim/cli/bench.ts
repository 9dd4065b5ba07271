// `taskstorm bench [NAME]... [--quick]`: the benchmarks (sim/bench), loaded only by this command.
import path from "node:path";
import { REPORTS_DIR } from "../run/store.ts";
import { parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";
import { abortOnSignals } from "./signals.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("bench", args, {
    quick: { type: "boolean", default: false }, "reports-dir": { type: "string" },
  });
  const { runBenches } = await import("../bench/index.ts"); // the benchmarks' devDependencies load only here
  using signals = abortOnSignals("bench");
  try {
    await runBenches(positionals, { outDir: path.join(values["reports-dir"] ?? REPORTS_DIR, "bench"), log: out, signal: signals.signal, quick: values.quick });
    return EXIT.ok;
  } catch (e) {
    const code = signals.exitCode();
    if (code !== undefined) return code;
    throw e;
  }
}
