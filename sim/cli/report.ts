// `taskstorm report <runDir> [--recheck] [--json]`: re-renders every report of a run folder from its files.
import path from "node:path";
import { errors } from "../lib/errors.ts";
import { parseCommandArgs } from "./args.ts";
import { reportFromFolder } from "../run/run-report.ts";
import { reportResultJson } from "./json-result.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("report", args, { recheck: { type: "boolean", default: false }, json: { type: "boolean", default: false } });
  if (positionals.length !== 1) throw errors.invalidArgument("report", positionals, "exactly one run folder (reports/<scenario>/<time>/ or .../latest)");
  const written = await reportFromFolder(positionals[0]!, { recheck: values.recheck });
  const code = written.summary.verdict.ok ? 0 : 1;
  if (values.json) {
    for (const reason of written.summary.verdict.reasons) process.stderr.write(`FAILED: ${reason}\n`);
    out(JSON.stringify(reportResultJson(path.resolve(positionals[0]!), written, code)));
    return code;
  }
  out(`report: ${written.reportPath}\nhtml: ${written.htmlPath}\nverdict: ${written.summary.verdict.ok ? "PASS" : "FAIL"}`);
  for (const reason of written.summary.verdict.reasons) out(`FAILED: ${reason}`);
  return written.summary.verdict.ok ? 0 : 1;
}
