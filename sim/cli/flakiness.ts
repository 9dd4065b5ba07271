// `taskstorm flakiness [scenario...] [--times 5] [--nightly-times 3] [--postgres ...] [--reports-dir DIR]`:
// runs each catalogue scenario's shortened run N times and nightly M times, each through the real CLI,
// and writes the pass count of every expectation (flakiness.md, flakiness.json). Progress on stderr.
import os from "node:os";
import path from "node:path";
import { runCampaign } from "../run/flakiness/campaign.ts";
import { planCampaign } from "../run/flakiness/plan.ts";
import { renderFlakinessMarkdown, tabulate } from "../run/flakiness/table.ts";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import { makeRunDir, REPORTS_DIR } from "../run/store.ts";
import { isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";
import { abortOnSignals } from "./signals.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("flakiness", args, {
    times: { type: "string" }, "nightly-times": { type: "string" }, postgres: { type: "string" }, "reports-dir": { type: "string" },
  });
  const times = numberOption("--times", values.times, "an integer >= 1", isPositiveInteger) ?? 5;
  const nightlyTimes = numberOption("--nightly-times", values["nightly-times"], "an integer >= 0", (n) => Number.isInteger(n) && n >= 0) ?? 3;
  const plan = await planCampaign(positionals, times, nightlyTimes);
  const dir = makeRunDir("flakiness", values["reports-dir"] ?? REPORTS_DIR);
  const err = (line: string) => process.stderr.write(`[flakiness] ${line}\n`);
  err(`${plan.length} scenarios, ${plan.reduce((n, p) => n + p.times, 0)} runs; folder ${dir}`);
  using signals = abortOnSignals("flakiness");
  const startedAt = new Date().toISOString();
  const outcomes = await runCampaign(plan, {
    reportsDir: path.join(dir, "runs"), runArgs: values.postgres ? ["--postgres", values.postgres] : [], signal: signals.signal,
    onRun: (p) => err(`run ${p.index} of ${p.total}: ${p.scenario}, try ${p.attempt} of ${p.times} · ETA ${Math.round(p.etaMs / 60_000)} min`),
    onDone: (o) => err(`${o.scenario} try ${o.attempt}: exit ${o.exitCode} in ${(o.wallMs / 1000).toFixed(0)} s`),
  }).catch((e: unknown) => {
    if (signals.exitCode() !== undefined) return undefined;
    throw e;
  });
  if (!outcomes) return signals.exitCode()!;
  const table = tabulate(plan, outcomes);
  const cpus = os.cpus();
  const markdown = renderFlakinessMarkdown(table, { startedAt, machine: `${cpus.length} x ${cpus[0]?.model.trim() ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average at end ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}` });
  await writeFileAtomic(path.join(dir, "flakiness.md"), markdown);
  await writeFileAtomic(path.join(dir, "flakiness.json"), JSON.stringify({ startedAt, plan, table, outcomes: outcomes.map(({ summary, ...o }) => ({ ...o, verdict: summary?.verdict, expectations: summary?.expectations })) }, null, 2));
  out(markdown);
  out(`written: ${path.join(dir, "flakiness.md")}`);
  return table.rows.every((r) => r.passes === r.of) ? EXIT.ok : EXIT.verdictFailed;
}
