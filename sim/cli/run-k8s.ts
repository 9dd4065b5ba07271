// `taskstorm run --placement k8s`, both halves. On the user's machine: the run rendered, applied,
// followed and collected by the supervisor, `latest` pointed at the copied run folder, everything of
// the run deleted (placement/k8s/supervisor.ts). In the conductor's pod: once the run has ended, however,
// it says so on its log and keeps its run folder until the supervisor has copied it (or an hour's half).
import fs from "node:fs";
import path from "node:path";
import { coerceError, errors } from "../lib/errors.ts";
import { exitCodeOf } from "./exit.ts";
import type { K8sOptionValues } from "./k8s-inputs.ts";

export async function supervise(scenario: string, values: K8sOptionValues & { "reports-dir"?: string }, out: (line: string) => void): Promise<number> {
  if (values.postgres === undefined) throw errors.invalidArgument("--postgres", undefined, "a postgres:// URL of a server the cluster reaches (managed, or CloudNativePG) with --placement k8s");
  const [{ k8sRunInputs }, { superviseK8sRun }, { linkLatest, REPORTS_DIR }] = await Promise.all([
    import("./k8s-inputs.ts"), import("../placement/k8s/supervisor.ts"), import("../run/store.ts"),
  ]);
  const inputs = await k8sRunInputs(scenario, values);
  const result = await superviseK8sRun({
    loaded: inputs.loaded, render: inputs.render, reportsDir: values["reports-dir"] ?? REPORTS_DIR, log: (line) => process.stderr.write(`[taskstorm] ${line}\n`),
  });
  if (result.runDir) {
    linkLatest(result.runDir);
    out(`report: ${path.join(result.runDir, "report.html")}`);
  }
  return result.exitCode;
}

/** In the conductor's pod, after the run: announce the exit code and folder, then wait for the copy. */
export async function holdForCollection(code: number, runDir: string | undefined, out: (line: string) => void): Promise<number> {
  const [{ FINISHED_LINE, COLLECTED_FILE }, { PATHS }] = await Promise.all([import("../placement/k8s/supervisor.ts"), import("../placement/k8s/names.ts")]);
  out(`${FINISHED_LINE} exit=${code} run=${runDir ?? PATHS.runs}`);
  const deadline = Date.now() + Number(process.env.TASKSTORM_K8S_HOLD_S ?? 1_800) * 1000;
  while (!fs.existsSync(COLLECTED_FILE) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1_000));
  return code;
}

/** In the conductor's pod, when the run failed before its report: the error, then the same wait. */
export async function holdAfterFailure(thrown: unknown, out: (line: string) => void): Promise<number> {
  const error = coerceError(thrown);
  process.stderr.write(`taskstorm: ${error.message}\n`);
  return holdForCollection(exitCodeOf(error), undefined, out);
}
