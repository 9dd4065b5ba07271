// The taskstorm command line: parses arguments, wires signals to one AbortController, and maps
// outcomes to exit codes. All work happens in lifecycle.ts and the modules it composes.

import path from "node:path";
import { HarnessError, coerceError } from "../lib/errors.ts";
import { formatDoctorLines, runDoctor } from "../infra/doctor.ts";
import { parsePostgresSource } from "../infra/postgres-source.ts";
import { ensureTools } from "../infra/tools.ts";
import { listScenarioNames, loadScenario, parseSetOverride } from "../scenario/index.ts";
import { runBenches } from "../bench/index.ts";
import { isNonNegative, isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { REPORTS_DIR } from "../run/store.ts";
import { makeProgress } from "../run/progress.ts";
import { preflight } from "../run/preflight.ts";
import { compareCommand } from "./compare.ts";
import { reportCommand } from "./report.ts";
import { runWithEvidence } from "../run/evidence.ts";

/** Exit codes: 0 all checks and thresholds passed; 1 a check, SLO or threshold failed; 2 bad input;
 * 3 the harness or its infrastructure failed; 130 / 143 interrupted by SIGINT / SIGTERM. */
export const EXIT = { ok: 0, verdictFailed: 1, badInput: 2, infraFailed: 3, sigint: 130, sigterm: 143 } as const;

const USAGE = `usage:
  taskstorm run <scenario> [--strategy NAME]... [--seed N] [--set path=value]... [--postgres embedded|container|URL] [--reports-dir DIR]
                [--baseline SUMMARY|RUNDIR [--tolerance 0.1]] [--repeat N]
  taskstorm report <runDir> [--recheck]   re-render summary/results/junit/report.md/report.html of a run folder
  taskstorm compare <baseline> <candidate> [--tolerance 0.1]   regressions between two runs (exit 1 on any)
  taskstorm scenarios [--json]      list the scenario catalogue
  taskstorm doctor                  check tools, Go, Node, PostgreSQL, limits
  taskstorm tools                   build or locate the pinned k6 and toxiproxy-server
  taskstorm bench [NAME]... [--quick] [--reports-dir DIR]  benchmarks; figures printed and written to DIR/bench/ (default reports/bench/)`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const err = (line: string) => process.stderr.write(`${line}\n`);
  if (command !== undefined && (rest.includes("--help") || rest.includes("-h"))) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  try {
    switch (command) {
      case "run":
        return await runCommand(rest);
      case "scenarios":
        return await scenariosCommand(rest);
      case "doctor": {
        const { ok, lines } = await runDoctor();
        process.stdout.write(`${formatDoctorLines(lines)}\n`);
        return ok ? EXIT.ok : EXIT.infraFailed;
      }
      case "bench":
        return await benchCommand(rest);
      case "report":
        return await reportCommand(rest, (l) => process.stdout.write(`${l}\n`));
      case "compare":
        return await compareCommand(rest, (l) => process.stdout.write(`${l}\n`));
      case "tools":
        for (const tool of await ensureTools(["k6", "toxiproxy-server"], { log: err })) err(`${tool.name} ${tool.version}: ${tool.path} (${tool.source})`);
        return EXIT.ok;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? EXIT.badInput : EXIT.ok;
      default:
        err(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return EXIT.badInput;
    }
  } catch (e) {
    const error = coerceError(e);
    err(`taskstorm: ${error.message}`);
    if (error instanceof HarnessError) return error.kind === "invalid-scenario" || error.kind === "invalid-argument" ? EXIT.badInput : EXIT.infraFailed;
    if (process.env.TASKSTORM_DEBUG) err(error.stack ?? "");
    return EXIT.infraFailed;
  }
}

async function scenariosCommand(args: string[]): Promise<number> {
  const { values } = parseCommandArgs("scenarios", args, { json: { type: "boolean", default: false } });
  const list = await Promise.all(listScenarioNames().map(async (name) => ({ name, description: (await loadScenario(name)).spec.description })));
  if (values.json) process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  else for (const s of list) process.stdout.write(`${s.name.padEnd(28)} ${s.description}\n`);
  return EXIT.ok;
}

async function benchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("bench", args, {
    quick: { type: "boolean", default: false }, "reports-dir": { type: "string" },
  });
  const controller = new AbortController();
  const onSignal = () => controller.abort(new HarnessError("process-failed", "bench interrupted"));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await runBenches(positionals, { outDir: path.join(values["reports-dir"] ?? REPORTS_DIR, "bench"), log: (l) => process.stdout.write(`${l}\n`), signal: controller.signal, quick: values.quick });
    return EXIT.ok;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    strategy: { type: "string", multiple: true },
    seed: { type: "string" },
    set: { type: "string", multiple: true },
    postgres: { type: "string" },
    "reports-dir": { type: "string" },
    baseline: { type: "string" },
    tolerance: { type: "string" },
    repeat: { type: "string" },
  });
  if (positionals.length !== 1) throw new HarnessError("invalid-argument", `run takes exactly one scenario, got ${positionals.length}\n${USAGE}`);
  const overrides = (values.set ?? []).map(parseSetOverride);
  const seed = numberOption("--seed", values.seed, "an integer", Number.isSafeInteger);
  const repeat = numberOption("--repeat", values.repeat, "an integer >= 1", isPositiveInteger) ?? 1;
  const tolerance = numberOption("--tolerance", values.tolerance, "a number >= 0, e.g. 0.1 for 10%", isNonNegative);
  if (seed !== undefined) overrides.push({ seed });
  const postgres = parsePostgresSource(values.postgres);
  const loaded = await loadScenario(positionals[0]!, overrides);
  preflight(loaded);

  const controller = new AbortController();
  let exitOnSignal: number = EXIT.ok;
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return; // already stopping; cleanup is bounded
    exitOnSignal = signal === "SIGINT" ? EXIT.sigint : EXIT.sigterm;
    process.stderr.write(`\n[taskstorm] ${signal}: stopping everything this run started...\n`);
    controller.abort(new HarnessError("process-failed", `interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const progress = makeProgress();
  try {
    const result = await runWithEvidence(loaded, {
      strategies: values.strategy,
      postgres,
      reportsDir: values["reports-dir"],
      progress,
      signal: controller.signal,
    }, { repeat, baselinePath: values.baseline, tolerance, args });
    progress.close();
    process.stdout.write(`report: ${result.reportPath}\n`);
    if (!result.summary.verdict.ok) {
      for (const reason of result.summary.verdict.reasons) process.stderr.write(`FAILED: ${reason}\n`);
      return EXIT.verdictFailed;
    }
    return EXIT.ok;
  } catch (e) {
    progress.close();
    if (exitOnSignal !== EXIT.ok) return exitOnSignal;
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
