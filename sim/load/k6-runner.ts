// Runs one k6 script as a child process with a LoadPlan: writes the plan into the run folder, streams
// k6's stdout and stderr to k6.log, collects console.log ops in k6-ops.ndjson, and stops k6 (SIGTERM,
// then SIGKILL) when the AbortSignal fires. One instance of several gets its execution segment, its own
// files (k6-plan-2.json, ...) and may start paused behind its REST API (k6-instances.ts releases it).

import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import { constants } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { API_KEY_ENV, planFileOf, type LoadPlan } from "../contracts/index.ts";
import { segmentArgs, type K6Segment } from "./k6-segments.ts";
import { spawnTied } from "../lib/spawn-tied.ts";
import { errors } from "../lib/errors.ts";
import { stopProcess } from "../lib/stop-process.ts";

/** k6 exit codes (go.k6.io/k6/v2@v2.2.0 errext/exitcodes/codes.go); anything else non-zero is a generic error (often 255). */
export const K6_EXIT_CODES: Readonly<Record<number, string>> = {
  0: "ok: the run finished and every threshold passed",
  97: "cloud test run failed",
  98: "cloud: failed to get progress",
  99: "thresholds crossed (also when abortOnFail ended the run early)",
  100: "setup() timed out",
  101: "teardown() timed out",
  102: "generic timeout",
  103: "stopped from the REST API",
  104: "invalid config",
  105: "stopped by an external signal (SIGTERM/SIGINT, e.g. our abort)",
  106: "cannot start the REST API",
  107: "script exception (e.g. setup() threw because a node was unhealthy, or the plan is invalid)",
  108: "test.abort() was called",
  109: "Go panic",
  110: "marked as failed (exec.test.fail())",
};
export const K6_THRESHOLDS_FAILED = 99;

/** The deployments load script (sim/load/scripts/deployments.ts), absolute. */
export const K6_DEPLOYMENTS_SCRIPT = fileURLToPath(new URL("./scripts/deployments.ts", import.meta.url));

export interface RunK6Options {
  k6Path: string;
  scriptPath: string;
  plan: LoadPlan;
  /** Folder for k6-plan.json, k6-ops.ndjson and k6.log (created if missing). */
  runDir: string;
  /** Aborting stops k6: SIGTERM (k6 still writes its summary), SIGKILL after stopGraceMs. */
  signal?: AbortSignal;
  /** Default 10 s. */
  stopGraceMs?: number;
  /** Extra environment for k6 (on top of this process's). */
  env?: NodeJS.ProcessEnv;
  /** This instance's share of the load when several run it (files get its number). */
  segment?: K6Segment;
  /** Start paused: nothing runs until its REST API (`restAddress`) is told to resume. */
  paused?: boolean;
  /** host:port of k6's REST API (absent: no REST API). */
  restAddress?: string;
  /** Tags on every metric (`--tag k=v`). */
  tags?: Record<string, string>;
  /** Extra `k6 run` flags, before the script (outputs). */
  args?: readonly string[];
}

/** A k6 process started and not yet awaited. */
export interface StartedK6 {
  pid: number;
  /** Base URL of its REST API, when it has one. */
  restUrl?: string;
  /** Resolves when k6 has exited, whatever its exit code. */
  result: Promise<K6Result>;
  /** Ends it (SIGTERM: k6 still writes its summary; SIGKILL after a grace period); resolves when it has exited. */
  stop(): Promise<void>;
}

export interface K6Result {
  pid: number;
  /** k6's exit code; 128 + signal number when k6 died from a signal (see `signal`). */
  exitCode: number;
  /** The signal that killed k6, if one did (e.g. SIGKILL after the stop grace period). */
  signal: NodeJS.Signals | null;
  /** k6 exited 99: at least one threshold was crossed. */
  thresholdsFailed: boolean;
  /** The AbortSignal fired while k6 ran. */
  aborted: boolean;
  /** Meaning of exitCode from K6_EXIT_CODES. */
  exitMeaning: string;
  planFile: string;
  /** Written by the script's handleSummary (plan.summaryFile); absent if k6 never got that far. */
  summaryFile: string;
  /** One HistoryOp JSON per line (the script's console.log output). */
  opsFile: string;
  logFile: string;
  durationMs: number;
}

/** Starts k6 and waits for it to exit. */
export async function runK6(options: RunK6Options): Promise<K6Result> {
  return await (await startK6(options)).result;
}

/** Starts k6; `result` resolves when it has exited. With `paused`, it waits for its REST API's resume. */
export async function startK6(options: RunK6Options): Promise<StartedK6> {
  const { k6Path, signal, segment } = options;
  const suffix = segment && segment.count > 1 ? `-${segment.index + 1}` : "";
  const plan: LoadPlan = suffix ? { ...options.plan, summaryFile: options.plan.summaryFile.replace(/(\.json)?$/, `${suffix}.json`) } : options.plan;
  if (!isAbsolute(plan.summaryFile)) throw errors.invalidArgument("LoadPlan.summaryFile", plan.summaryFile, "an absolute path");
  const runDir = resolve(options.runDir);
  await mkdir(runDir, { recursive: true });
  const planFile = join(runDir, `k6-plan${suffix}.json`);
  const opsFile = join(runDir, `k6-ops${suffix}.ndjson`);
  const logFile = join(runDir, `k6${suffix}.log`);
  await writeFileAtomic(planFile, JSON.stringify(planFileOf(plan), null, 2)); // the API key goes in the environment
  await rm(opsFile, { force: true }); // k6 appends to --console-output
  if (signal?.aborted) throw errors.processFailed("k6", "aborted before it started");

  const args = [
    "run", "--no-usage-report", "--quiet", "--no-color", `--console-output=${opsFile}`, "--log-format=raw",
    ...(segment ? segmentArgs(segment) : []),
    ...(options.paused ? ["--paused"] : []),
    ...(options.restAddress ? [`--address=${options.restAddress}`] : []),
    ...Object.entries(options.tags ?? {}).flatMap(([k, v]) => ["--tag", `${k}=${v}`]),
    ...(options.args ?? []),
    resolve(options.scriptPath),
  ];
  const started = performance.now();
  const child = spawnTied(k6Path, args, {
    env: { ...process.env, ...options.env, TASKSTORM_PLAN: planFile, [API_KEY_ENV]: plan.apiKey, K6_NO_COLOR: "true", K6_NO_USAGE_REPORT: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(logFile, { flags: "w" });
  log.write(`$ ${k6Path} ${args.join(" ")}\n`);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });

  let aborted = false;
  let stopping: Promise<void> | undefined;
  const onAbort = () => {
    aborted = true;
    stopping ??= stopProcess(child, { signal: "SIGTERM", graceMs: options.stopGraceMs ?? 10_000 });
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const closed = new Promise<{ code: number | null; exitSignal: NodeJS.Signals | null }>((resolveExit, reject) => {
    child.once("error", (err) => reject(errors.processFailed("k6", `could not run ${k6Path}: ${err.message}`)));
    child.once("close", (code, exitSignal) => resolveExit({ code, exitSignal }));
  });
  const result = (async (): Promise<K6Result> => {
  try {
    const { code, exitSignal } = await closed;
    const exitCode = code ?? 128 + (exitSignal ? constants.signals[exitSignal] : 0);
    return {
      pid: child.pid!,
      exitCode,
      signal: exitSignal,
      thresholdsFailed: code === K6_THRESHOLDS_FAILED,
      aborted,
      exitMeaning: code === null ? `killed by ${exitSignal}` : (K6_EXIT_CODES[code] ?? "generic error"),
      planFile,
      summaryFile: plan.summaryFile,
      opsFile,
      logFile,
      durationMs: performance.now() - started,
    };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await new Promise<void>((done) => log.end(() => done()));
  }
  })();
  result.catch(() => {}); // the caller awaits it; never an unhandled rejection meanwhile
  const stop = async () => {
    onAbort();
    await result.catch(() => undefined);
  };
  return { pid: child.pid!, ...(options.restAddress ? { restUrl: `http://${options.restAddress}` } : {}), result, stop };
}
