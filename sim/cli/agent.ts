// `taskstorm agent --listen HOST:PORT --token-file FILE --dir DIR [--lease-ms N] [--clock-skew-ms N]`:
// the per-host service of a run spread over hosts (sim/agent).
import { isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { errors } from "../lib/errors.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("agent", args, {
    listen: { type: "string" }, "token-file": { type: "string" }, dir: { type: "string" },
    "lease-ms": { type: "string" }, "clock-skew-ms": { type: "string" },
  });
  if (positionals.length > 0) throw errors.invalidArgument("agent", positionals, "no positional arguments");
  for (const required of ["listen", "token-file", "dir"] as const) {
    if (!values[required]) throw errors.invalidArgument(`--${required}`, values[required], "a value (see taskstorm agent --help)");
  }
  const leaseMs = numberOption("--lease-ms", values["lease-ms"], "an integer >= 1", isPositiveInteger) ?? 15_000;
  const clockSkewMs = numberOption("--clock-skew-ms", values["clock-skew-ms"], "an integer (ms)", Number.isSafeInteger) ?? 0;
  const { runAgent } = await import("../agent/run.ts");
  return await runAgent({ listen: values.listen!, tokenFile: values["token-file"]!, dir: values.dir!, leaseMs, clockSkewMs, log: out });
}
