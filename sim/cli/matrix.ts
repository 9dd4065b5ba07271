// `taskstorm matrix [--quick] [--seeds N] [--only TEXT]... [--json]`: every fault kind on every target it
// accepts, per window, strategy and seed, each cell a short real run one after another; writes
// reports/matrix/<time>/{matrix.md, matrix.json, junit.xml}. Exit 0 all correct cells pass, 1 any fails, 3 harness failure.
import path from "node:path";
import type { MatrixResultJson } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";
import { isPositiveInteger, numberOption, parseCommandArgs } from "./args.ts";
import { EXIT } from "./exit.ts";
import { abortOnSignals } from "./signals.ts";

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseCommandArgs("matrix", args, {
    quick: { type: "boolean", default: false }, seeds: { type: "string" }, only: { type: "string", multiple: true },
    json: { type: "boolean", default: false }, postgres: { type: "string" }, "reports-dir": { type: "string" },
  });
  if (positionals.length) throw errors.invalidArgument("matrix", positionals, "no positional arguments (the cells come from the fault registry)");
  const seeds = numberOption("--seeds", values.seeds, "an integer >= 1", isPositiveInteger);
  if (values.quick && seeds !== undefined && seeds !== 1) throw errors.invalidArgument("--seeds", values.seeds, "1 or nothing with --quick (one seed)");
  const [{ planMatrix, MATRIX_BASE }, { runMatrix, MATRIX_FILES }, { matrixExit }, { totalsOf }, { makeRunDir, REPORTS_DIR }, { loadScenario }, { parsePostgresSource }] = await Promise.all([
    import("../run/matrix/cells.ts"), import("../run/matrix/execute.ts"), import("../run/matrix/judge.ts"), import("../run/matrix/render.ts"),
    import("../run/store.ts"), import("../scenario/index.ts"), import("../infra/postgres-source.ts"),
  ]);
  parsePostgresSource(values.postgres); // a bad --postgres fails here, not in every cell
  const plan = planMatrix({ quick: values.quick, ...(seeds === undefined ? {} : { seeds }) });
  const only = values.only ?? [];
  if (only.length) {
    plan.cells = plan.cells.filter((c) => only.some((text) => c.id.includes(text)));
    if (plan.cells.length === 0) throw errors.invalidArgument("--only", only, "text found in at least one cell id, e.g. kill.fleet-process or .optimistic.");
  }
  const base = await loadScenario(MATRIX_BASE.scenario);
  const dir = makeRunDir("matrix", values["reports-dir"] ?? REPORTS_DIR);
  const err = (line: string) => process.stderr.write(`[matrix] ${line}\n`);
  err(`${plan.cells.length} cells${plan.quick ? " (--quick)" : ""}, seeds ${plan.seeds.join(", ")}; folder ${dir}`);
  for (const s of plan.skipped) err(`not run: ${s.kind}: ${s.why}`);
  using signals = abortOnSignals("matrix");
  const report = await runMatrix(plan, {
    dir, invariants: base.spec.invariants, runArgs: values.postgres ? ["--postgres", values.postgres] : [], command: `taskstorm matrix ${args.join(" ")}`.trim(), signal: signals.signal,
    onCell: (p) => err(`cell ${p.index} of ${p.total}: ${p.id} · ETA ${Math.round(p.etaMs / 60_000)} min`),
    onDone: (r) => err(`${r.id}: ${r.status}${r.failed.length ? ` (${r.failed.map((f) => f.check).join(", ")})` : ""}${r.error ? ` (${r.error})` : ""} in ${(r.wallMs / 1000).toFixed(0)} s`),
  }).catch((e: unknown) => {
    if (signals.exitCode() !== undefined) return undefined;
    throw e;
  });
  if (!report) return signals.exitCode()!;
  const code = { 0: EXIT.ok, 1: EXIT.verdictFailed, 3: EXIT.infraFailed }[matrixExit(report.cells)];
  const files = { markdown: path.join(dir, MATRIX_FILES.markdown), json: path.join(dir, MATRIX_FILES.json), junit: path.join(dir, MATRIX_FILES.junit) };
  const result: MatrixResultJson = { command: "matrix", exitCode: code, dir, files, totals: totalsOf(report.cells), wallMs: report.wallMs };
  if (values.json) out(JSON.stringify(result));
  else out(`matrix: ${files.markdown}`);
  return code;
}
