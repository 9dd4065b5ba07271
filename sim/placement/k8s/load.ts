// One column's load through k6-operator, from the conductor's pod: the plan written and archived with
// the script (`k6 archive`), the column's ConfigMap, Secret (its API key) and TestRun created (testrun.ts), the TestRun
// followed until it finishes (the operator's starter releases the paused runners together, as
// runK6Instances does locally), each runner's exit read from its pod, its ops, summary and log brought
// into the column's folder, the summaries merged and judged like local instances'; then both objects
// are deleted, also when the run is stopped.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { loadDurationS, planFileOf } from "../../contracts/index.ts";
import { writeFileAtomicSync } from "../../lib/atomic-file.ts";
import { errors } from "../../lib/errors.ts";
import { settleInstances, type LoadResult } from "../../load/k6-instances.ts";
import { K6_EXIT_CODES, K6_THRESHOLDS_FAILED, type K6Result } from "../../load/k6-runner.ts";
import type { LoadOptions } from "../placement.ts";
import type { KubeApi } from "./kube-api.ts";
import { loadName, PATHS } from "./names.ts";
import type { K8sRunFile } from "./run-file.ts";
import { columnResultsDir, loadConfigMap, loadSecret, RUNNER_SUMMARY_FILE, testRun, type LoadColumn } from "./testrun.ts";

/** A ConfigMap holds at most 1 MiB of data. */
const CONFIG_MAP_LIMIT_BYTES = 1 << 20;
const POLL_MS = 2_000;

interface RunnerPod {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { containerStatuses?: { name: string; state?: { terminated?: { exitCode: number; reason?: string } } }[] };
}

export interface K8sLoadDeps {
  api: KubeApi;
  runFile: K8sRunFile;
  k6Path: string;
  /** Where the results volume is mounted in the conductor's pod. */
  resultsDir?: string;
  /** A private folder for the plan and the archive. */
  workDir: string;
}

export async function runK8sLoad(d: K8sLoadDeps, column: LoadColumn, o: LoadOptions): Promise<LoadResult> {
  const name = loadName(d.runFile, column.index);
  const dir = path.join(d.workDir, name);
  fs.mkdirSync(dir, { recursive: true });
  const plan = planFileOf({ ...o.plan, summaryFile: RUNNER_SUMMARY_FILE }); // the key goes in the column's Secret
  const planFile = path.join(dir, "k6-plan.json");
  fs.writeFileSync(planFile, JSON.stringify(plan)); // compact inside the archive: the ConfigMap's 1 MiB holds both
  const archive = path.join(dir, "archive.tar");
  await promisify(execFile)(d.k6Path, ["archive", "--quiet", "-e", `TASKSTORM_PLAN=${planFile}`, "-O", archive, o.scriptPath], { env: { ...process.env, K6_NO_USAGE_REPORT: "true" } });
  const archiveBytes = fs.readFileSync(archive);
  const bytes = archiveBytes.length + Buffer.byteLength(JSON.stringify(plan, null, 2));
  if (bytes > CONFIG_MAP_LIMIT_BYTES) throw errors.invalidArgument(`column ${column.label}'s load (archive and plan)`, `${bytes} bytes`, `at most ${CONFIG_MAP_LIMIT_BYTES} bytes, a ConfigMap's limit (fewer projects x environments in the deployment model)`);
  const startedMs = performance.now();
  try {
    await d.api.create("configmaps", loadConfigMap(d.runFile, column, plan, archiveBytes.toString("base64")));
    await d.api.create("secrets", loadSecret(d.runFile, column, o.plan.apiKey));
    await d.api.create("testruns", testRun(d.runFile, column));
    const loadS = loadDurationS(o.plan.stages);
    await waitFinished(d.api, name, (loadS + 15 * 60) * 1000, o.signal);
    const pods = (await d.api.list<RunnerPod>("pods", `k6_cr=${name},runner=true`)).sort((a, b) => instanceOf(a) - instanceOf(b));
    if (pods.length !== column.instances) throw errors.infraFailed(`TestRun ${name}`, `finished with ${pods.length} runner pods, expected ${column.instances}`);
    const results = await Promise.all(pods.map((pod, i) => collectRunner(d, column, o, pod, pods.length > 1 ? `-${i + 1}` : "", performance.now() - startedMs)));
    return await settleInstances(results, o.plan.summaryFile);
  } finally {
    await d.api.delete("testruns", name).catch(() => undefined);
    await d.api.delete("configmaps", name).catch(() => undefined);
    await d.api.delete("secrets", name).catch(() => undefined);
  }
}

async function waitFinished(api: KubeApi, name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const stage = (await api.get<{ status?: { stage?: string } }>("testruns", name)).status?.stage;
    if (stage === "finished") return;
    if (stage === "error") throw errors.processFailed(`TestRun ${name}`, "k6-operator put it in stage error (see the initializer's and runners' pods)");
    if (Date.now() > deadline) throw errors.timeout(`TestRun ${name} (stage ${stage ?? "none yet"})`, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Runner i's job is <TestRun>-<i>: its instance number. */
const instanceOf = (pod: RunnerPod) => Number(/-(\d+)$/.exec(pod.metadata.labels?.["job-name"] ?? "")?.[1] ?? Number.MAX_SAFE_INTEGER);

async function collectRunner(d: K8sLoadDeps, column: LoadColumn, o: LoadOptions, pod: RunnerPod, suffix: string, durationMs: number): Promise<K6Result> {
  const from = path.join(d.resultsDir ?? PATHS.k6Results, columnResultsDir(column.index), pod.metadata.name);
  const local = {
    planFile: path.join(o.runDir, `k6-plan${suffix}.json`),
    summaryFile: suffix ? o.plan.summaryFile.replace(/(\.json)?$/, `${suffix}.json`) : o.plan.summaryFile,
    opsFile: path.join(o.runDir, `k6-ops${suffix}.ndjson`),
    logFile: path.join(o.runDir, `k6${suffix}.log`),
  };
  writeFileAtomicSync(local.planFile, JSON.stringify(planFileOf(o.plan), null, 2)); // the run folder's copy: no API key
  for (const [file, to] of [["k6-ops.ndjson", local.opsFile], ["k6-summary.json", local.summaryFile]] as const) {
    if (fs.existsSync(path.join(from, file))) fs.copyFileSync(path.join(from, file), to);
  }
  fs.writeFileSync(local.logFile, await d.api.podLog(pod.metadata.name, "k6").catch((e: Error) => `(the runner's log could not be read: ${e.message})\n`));
  const terminated = pod.status?.containerStatuses?.find((c) => c.name === "k6")?.state?.terminated;
  const exitCode = terminated?.exitCode ?? 255;
  return {
    pid: 0, exitCode, signal: null, thresholdsFailed: exitCode === K6_THRESHOLDS_FAILED, aborted: o.signal?.aborted ?? false,
    exitMeaning: terminated ? (K6_EXIT_CODES[exitCode] ?? "generic error") : `runner pod ${pod.metadata.name} has no exit (${JSON.stringify(pod.status?.containerStatuses ?? [])})`,
    ...local, durationMs,
  };
}
