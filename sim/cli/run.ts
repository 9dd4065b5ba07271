// `taskstorm run <scenario>`: validates everything it can before starting anything, runs the scenario
// (with --baseline / --repeat evidence), prints the report path (or, with --json, one RunResultJson and
// nothing else on stdout, also when a signal stopped it after reporting the columns it finished), and exits 1 naming each failed verdict (3 when a column's infrastructure failed;
// the other columns are reported all the same).
// The arguments are checked before the scenario layer (zod) and the lifecycle are imported.
import path from "node:path";
import { errors, HarnessError } from "../lib/errors.ts";
import type { PlacementChoice } from "../placement/make.ts";
import { isNonNegative, isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { RunInterrupted } from "../run/interrupted.ts";
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
    placement: { type: "string" },
    "allow-different-machines": { type: "boolean", default: false },
    "invalid-measurement": { type: "string" },
    json: { type: "boolean", default: false },
    prometheus: { type: "boolean" },
    "prometheus-url": { type: "string" },
    namespace: { type: "string" },
    image: { type: "string" },
    "run-id": { type: "string" },
    "storage-class": { type: "string" },
  });
  if (positionals.length !== 1) throw new HarnessError("invalid-argument", `run takes exactly one scenario, got ${positionals.length}: see taskstorm run --help`);
  const seed = numberOption("--seed", values.seed, "an integer", Number.isSafeInteger);
  const repeat = numberOption("--repeat", values.repeat, "an integer >= 1", isPositiveInteger) ?? 1;
  const tolerance = numberOption("--tolerance", values.tolerance, "a number >= 0, e.g. 0.1 for 10%", isNonNegative);
  const invalidMeasurement = values["invalid-measurement"] ?? "fail";
  if (invalidMeasurement !== "fail" && invalidMeasurement !== "warn") throw errors.invalidArgument("--invalid-measurement", invalidMeasurement, "fail (default) or warn");
  const { liveModeOf } = await import("../run/live/live-view.ts");
  const live = liveModeOf(values.prometheus, values["prometheus-url"]);
  if (live.kind === "prometheus") await (await import("../infra/prometheus-bin.ts")).requirePrometheus(); // before anything starts
  const { parsePostgresSource } = await import("../infra/postgres-source.ts");
  const postgres = parsePostgresSource(values.postgres);
  const { loadScenario, parseSetOverride } = await import("../scenario/index.ts");
  const overrides = (values.set ?? []).map(parseSetOverride);
  if (seed !== undefined) overrides.push({ seed });
  const loaded = await loadScenario(positionals[0]!, overrides);
  const placementKind = values.placement ?? "local";
  if (placementKind !== "local" && placementKind !== "netns" && placementKind !== "k8s") throw new HarnessError("invalid-argument", `--placement: got ${JSON.stringify(placementKind)}, expected local, netns or k8s`);
  const { preflight } = await import("../run/preflight.ts");
  preflight(loaded, placementKind, { strategies: values.strategy });
  let placement: PlacementChoice = { kind: "local" };
  if (placementKind === "netns") {
    if (live.kind !== "off") throw errors.invalidArgument("--prometheus", live.kind, "no live view with --placement netns: Prometheus listens on the conductor's loopback, which the run's hosts cannot reach (docs/live-view.md)");
    if (postgres.kind !== "embedded") throw new HarnessError("invalid-argument", `--postgres: got ${postgres.kind}, expected embedded with --placement netns (the database runs on the run's db host, which reaches nothing outside the run)`);
    const { NETNS_HOSTS_ENV, netnsHostNames, superviseNetnsRun } = await import("../placement/netns/supervisor.ts");
    const hostsFile = process.env[NETNS_HOSTS_ENV];
    if (!hostsFile) {
      const { chooseStrategies } = await import("../run/lifecycle.ts");
      const hostNames = netnsHostNames(chooseStrategies(loaded, values.strategy).map((s) => s.spec));
      return await superviseNetnsRun({ hostNames, args: ["run", ...args], log: (line) => process.stderr.write(`[taskstorm] ${line}\n`) });
    }
    placement = { kind: "netns", hostsFile, ...clockSkewSetting() };
  }
  if (placementKind === "k8s") {
    if (repeat > 1 || values.baseline) throw new HarnessError("invalid-argument", "--repeat and --baseline: not with --placement k8s (compare its run folders with taskstorm compare)");
    const [{ K8S_RUN_ENV }, { supervise }] = await Promise.all([import("../placement/k8s/names.ts"), import("./run-k8s.ts")]);
    const runFile = process.env[K8S_RUN_ENV];
    if (!runFile) return await supervise(positionals[0]!, values, out); // on the user's machine; inside the conductor's pod below
    placement = { kind: "k8s", runFile };
  }

  const [{ runWithEvidence }, { makeProgress }] = await Promise.all([import("../run/evidence.ts"), import("../run/progress.ts")]);
  using signals = abortOnSignals("run", (signal) => process.stderr.write(`\n[taskstorm] ${signal}: stopping everything this run started...\n`));
  const progress = makeProgress();
  try {
    const result = await runWithEvidence(loaded, {
      strategies: values.strategy, postgres, reportsDir: values["reports-dir"], progress, signal: signals.signal, placement, live,
    }, { repeat, baselinePath: values.baseline, tolerance, args, allowDifferentMachines: values["allow-different-machines"], invalidMeasurement });
    progress.close();
    // a column whose infrastructure failed is reported beside the others, and the exit still says so (3)
    const code = result.summary.failedColumns?.some((f) => f.kind === "infrastructure") ? EXIT.infraFailed : result.summary.verdict.ok ? EXIT.ok : EXIT.verdictFailed;
    for (const reason of result.summary.verdict.reasons) process.stderr.write(`FAILED: ${reason}\n`);
    if (values.json) {
      const [{ runResultJson }, { reportFiles }] = await Promise.all([import("./json-result.ts"), import("../report/index.ts")]);
      const dir = path.dirname(result.reportPath);
      out(JSON.stringify(runResultJson(dir, { ...reportFiles(dir), summary: result.summary }, code, values.baseline)));
    } else out(`report: ${result.reportPath}`);
    return placement.kind === "k8s" ? await (await import("./run-k8s.ts")).holdForCollection(code, result.runDir, out) : code;
  } catch (e) {
    progress.close();
    const code = signals.exitCode();
    if (code !== undefined) {
      // the report of what finished was written: --json still says where, with the interruption
      if (values.json && e instanceof RunInterrupted) out(JSON.stringify((await import("./json-result.ts")).runResultJson(path.dirname(e.written.reportPath), e.written, code, values.baseline)));
      return code;
    }
    if (placement.kind === "k8s") return await (await import("./run-k8s.ts")).holdAfterFailure(e, out);
    throw e;
  }
}

/** TASKSTORM_NETNS_CLOCK_SKEW="node-2=250,fleet-1=-40": skews those hosts' clocks (tests of the clock correction). */
function clockSkewSetting(): { clockSkewMs?: Record<string, number> } {
  const raw = process.env.TASKSTORM_NETNS_CLOCK_SKEW;
  if (!raw) return {};
  const entries = raw.split(",").map((pair) => {
    const [host = "", ms = ""] = pair.split("=");
    if (!/^[a-z][a-z0-9-]*$/.test(host) || !Number.isSafeInteger(Number(ms))) throw new HarnessError("invalid-argument", `TASKSTORM_NETNS_CLOCK_SKEW: got ${JSON.stringify(pair)}, expected host=ms pairs`);
    return [host, Number(ms)] as const;
  });
  return { clockSkewMs: Object.fromEntries(entries) };
}
