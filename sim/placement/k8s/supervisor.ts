// The outer half of `taskstorm run --placement k8s`, on the user's machine: checks kubectl and the
// cluster before anything exists, renders the run into a private folder, applies it, waits for the
// conductor's pod, follows its log, copies its run folder back when it says it has finished (the
// conductor waits for that), and deletes everything of the run by its label at the end: after success,
// after a failure, and on Ctrl-C or SIGTERM.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants } from "node:os";
import { errors } from "../../lib/errors.ts";
import type { LoadedScenario } from "../../scenario/index.ts";
import { checkCluster, findKubectl, Kubectl } from "./kubectl.ts";
import { LABELS, PATHS } from "./names.ts";
import { renderRun, writeRender, type RenderOptions } from "./render.ts";

/** The conductor prints this line when its run folder is ready to copy: "taskstorm-k8s: finished exit=<code> run=<folder>". */
export const FINISHED_LINE = "taskstorm-k8s: finished";
/** The file whose appearance tells the conductor its run folder was copied. */
export const COLLECTED_FILE = `${PATHS.runs}/.collected`;
/** Every kind a run creates (the TestRuns' own Jobs and pods follow them). */
export const RUN_KINDS = "jobs,statefulsets,services,configmaps,secrets,networkpolicies,roles,rolebindings,serviceaccounts,persistentvolumeclaims,testruns.k6.io,pods";
/** Waiting reasons that will not pass by themselves. */
const STUCK = /^(ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError|CreateContainerError|CrashLoopBackOff)$/;

export interface SuperviseK8sOptions {
  loaded: LoadedScenario;
  render: Omit<RenderOptions, "token">;
  /** Where the run folder lands: <reportsDir>/<scenario>/<time>. */
  reportsDir: string;
  log: (line: string) => void;
  /** Time allowed for the conductor's pod to start (images pulled); default 15 min. */
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface SupervisedRun {
  exitCode: number;
  /** The run folder copied back (absent when the conductor never got that far). */
  runDir?: string;
}

export async function superviseK8sRun(o: SuperviseK8sOptions): Promise<SupervisedRun> {
  const { run } = o.render;
  const kubectl = new Kubectl(await findKubectl(o.env), run.namespace);
  await checkCluster(kubectl);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-k8s-"));
  const manifests = path.join(work, "manifests");
  const interrupted = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled ??= signal;
    o.log(`${signal}: deleting everything of run ${run.runId}...`);
    interrupted.abort();
    kubectl.stopAll();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const { randomBytes } = await import("node:crypto");
    writeRender(manifests, renderRun(o.loaded, { ...o.render, token: randomBytes(24).toString("hex") }));
    o.log(`k8s: run ${run.runId} in namespace ${run.namespace}: applying ${manifests}`);
    await kubectl.must(["apply", "-f", manifests]);
    const pod = await conductorPod(kubectl, run.runId, o.startTimeoutMs ?? 15 * 60_000, interrupted.signal);
    o.log(`k8s: conductor pod ${pod} started; its log follows`);
    let finished: { exitCode: number; remoteDir: string } | undefined;
    let logsDone!: () => void;
    const finishedSeen = new Promise<void>((resolve) => (logsDone = resolve));
    const logs = kubectl.follow(["logs", "-f", `pod/${pod}`], (line) => {
      const match = new RegExp(`^${FINISHED_LINE} exit=(\\d+) run=(\\S+)`).exec(line);
      if (match) {
        finished = { exitCode: Number(match[1]), remoteDir: match[2]! };
        logsDone();
      }
      o.log(line);
    });
    await Promise.race([logs.done, finishedSeen, new Promise((resolve) => interrupted.signal.addEventListener("abort", resolve))]);
    logs.stop();
    if (signalled) return { exitCode: 128 + constants.signals[signalled] };
    if (!finished) throw errors.processFailed(`the conductor (pod ${pod})`, `its log ended without "${FINISHED_LINE}": ${await podState(kubectl, pod)}`);
    const runDir = path.join(o.reportsDir, run.scenario, path.basename(finished.remoteDir));
    fs.mkdirSync(path.dirname(runDir), { recursive: true });
    await kubectl.must(["cp", `${pod}:${finished.remoteDir}`, runDir], 30 * 60_000);
    await kubectl.run(["exec", pod, "--", "touch", COLLECTED_FILE]);
    copyManifests(manifests, path.join(runDir, "k8s"));
    return { exitCode: finished.exitCode, runDir };
  } catch (error) {
    if (signalled) return { exitCode: 128 + constants.signals[signalled] };
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    const deleted = await kubectl.run(["delete", RUN_KINDS, "-l", `${LABELS.run}=${run.runId}`, "--ignore-not-found", "--wait=false"], 120_000);
    o.log(deleted.code === 0 ? `k8s: deleted everything labelled ${LABELS.run}=${run.runId}` : `k8s: deleting ${LABELS.run}=${run.runId} failed (${deleted.stderr.trim()}); delete it by hand: kubectl -n ${run.namespace} delete ${RUN_KINDS} -l ${LABELS.run}=${run.runId}`);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The conductor's pod once its container runs (or has ended); fails fast on an image or config it cannot start. */
async function conductorPod(k: Kubectl, runId: string, timeoutMs: number, signal: AbortSignal): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no pod yet";
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    const r = await k.run(["get", "pods", "-l", `${LABELS.run}=${runId},${LABELS.part}=conductor`, "-o", "json"]);
    const pod = r.code === 0 ? (JSON.parse(r.stdout) as { items: PodJson[] }).items[0] : undefined;
    if (pod) {
      const phase = pod.status?.phase ?? "Pending";
      const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
      if (waiting?.reason && STUCK.test(waiting.reason)) throw errors.infraFailed(`the conductor's pod ${pod.metadata.name}`, `${waiting.reason}: ${waiting.message ?? ""}`);
      if (phase !== "Pending") return pod.metadata.name;
      last = `${pod.metadata.name} ${phase}${waiting?.reason ? ` (${waiting.reason})` : ""}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw errors.timeout("the conductor's pod to start", timeoutMs, last);
}

interface PodJson {
  metadata: { name: string };
  status?: { phase?: string; containerStatuses?: { state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string } } }[] };
}

async function podState(k: Kubectl, pod: string): Promise<string> {
  const r = await k.run(["get", "pod", pod, "-o", "json"]);
  if (r.code !== 0) return r.stderr.trim();
  const status = (JSON.parse(r.stdout) as PodJson).status;
  return `phase ${status?.phase}, container ${JSON.stringify(status?.containerStatuses?.[0]?.state ?? {})}`;
}

/** The applied manifests, kept with the run as evidence (the Secrets left out). */
function copyManifests(from: string, to: string): void {
  fs.mkdirSync(path.join(to, "load"), { recursive: true });
  for (const rel of [...fs.readdirSync(from), ...fs.readdirSync(path.join(from, "load")).map((f) => `load/${f}`)]) {
    if (rel.endsWith(".yaml") && !rel.includes("secrets")) fs.copyFileSync(path.join(from, rel), path.join(to, rel));
  }
}
