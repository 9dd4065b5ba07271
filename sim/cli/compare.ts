// `taskstorm compare <baseline> <candidate> [--tolerance 0.1] [--allow-different-machines] [--json]`:
// compares two runs' summaries (run folders or summary.json files), prints the deltas as Markdown (or
// one CompareResultJson), says when timing was not judged (different machines), exits 1 on any regression.
import { errors } from "../lib/errors.ts";
import { compareSummaries, formatValue, loadSummary, METRICS } from "../report/index.ts";
import { isNonNegative, numberOption, parseCommandArgs } from "./args.ts";
import { compareResultJson } from "./json-result.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("compare", args, {
    tolerance: { type: "string" }, "allow-different-machines": { type: "boolean", default: false }, json: { type: "boolean", default: false },
  });
  if (positionals.length !== 2) throw errors.invalidArgument("compare", positionals, "two runs: <baseline> <candidate> (run folders or summary.json files)");
  const tolerance = numberOption("--tolerance", values.tolerance, "a number >= 0, e.g. 0.1 for 10%", isNonNegative) ?? 0.1;
  const [basePath, candPath] = positionals as [string, string];
  const result = compareSummaries(await loadSummary(basePath), await loadSummary(candPath), { tolerance, baselineLabel: basePath, allowDifferentMachines: values["allow-different-machines"] });
  const code = result.regressions.length === 0 ? 0 : 1;
  if (values.json) {
    out(JSON.stringify(compareResultJson(basePath, candPath, result, code)));
    return code;
  }
  out(`# taskstorm compare\n\nbaseline: ${basePath}\ncandidate: ${candPath}\ntolerance: ${(tolerance * 100).toFixed(0)}%\n`);
  out("| strategy | metric | baseline | candidate | change | outcome |\n|---|---|---:|---:|---:|---|");
  for (const d of result.deltas) {
    const m = METRICS.find((x) => x.key === d.metric)!;
    const change = d.relative === null ? formatValue(d.delta) : `${d.relative >= 0 ? "+" : ""}${(d.relative * 100).toFixed(1)}%`;
    out(`| ${d.strategy} | ${m.label} (${m.unit}) | ${formatValue(d.baseline, m.unit)} | ${formatValue(d.candidate, m.unit)} | ${change} | ${d.outcome === "regression" ? "**regression**" : d.outcome} |`);
  }
  for (const t of result.tests ?? []) out(`- ${t.verdict}`);
  if (result.provenance) out(`\n${result.provenance.timingJudged ? "Timing" : "**Timing not judged**"}: ${result.provenance.note}`);
  out("");
  if (result.regressions.length === 0) out("No regression.");
  for (const r of result.regressions) out(`REGRESSION: ${r}`);
  return code;
}
