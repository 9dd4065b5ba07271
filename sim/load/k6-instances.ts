// Runs the load as several k6 instances, each with its execution segment: every instance starts paused
// behind its REST API and all are released together once each answers (PATCH /v1/status, as
// k6-operator's starter does), so the arrival rate is split exactly. One instance just runs. Resolves to
// the run's outcome: every instance's result, one exit code, and the merged summary written beside.
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import { errors } from "../lib/errors.ts";
import { pollUntil } from "../lib/poll.ts";
import type { K6Result, StartedK6 } from "./k6-runner.ts";
import { K6_EXIT_CODES, K6_THRESHOLDS_FAILED } from "./k6-runner.ts";
import type { K6Segment } from "./k6-segments.ts";
import { mergeK6Summaries } from "./k6-summary-merge.ts";

/** Starts instance `segment` (paused when there are several). */
export type StartK6Instance = (segment: K6Segment, paused: boolean) => Promise<StartedK6>;

export interface LoadResult {
  /** 0 when every instance exited 0; else the first error's code, or 99 when thresholds were crossed. */
  exitCode: number;
  exitMeaning: string;
  /** A threshold was crossed in at least one instance. */
  thresholdsFailed: boolean;
  aborted: boolean;
  instances: K6Result[];
  /** The summary the report reads: the instance's own, or the merged one for several. */
  summaryFile: string;
}

const RESUME_BODY = JSON.stringify({ data: { type: "status", id: "default", attributes: { paused: false } } });

export async function runK6Instances(count: number, start: StartK6Instance, o: { summaryFile: string; readyTimeoutMs?: number }): Promise<LoadResult> {
  if (count === 1) return loadResult([await (await start({ index: 0, count: 1 }, false)).result], o.summaryFile);
  const started: StartedK6[] = [];
  try {
    for (let index = 0; index < count; index++) started.push(await start({ index, count }, true));
    await Promise.all(started.map((k6, i) => waitRestUp(k6, i, o.readyTimeoutMs ?? 30_000)));
    await Promise.all(started.map((k6) => resume(k6)));
  } catch (error) {
    await Promise.allSettled(started.map((k6) => k6.stop()));
    throw error;
  }
  return settleInstances(await Promise.all(started.map((k6) => k6.result)), o.summaryFile);
}

/** The outcome of instances that have ended (however they ran): one exit code, and several instances' summaries merged into summaryFile. */
export async function settleInstances(results: K6Result[], summaryFile: string): Promise<LoadResult> {
  if (results.length > 1) {
    const merged = mergeK6Summaries(await Promise.all(results.map((r) => readFile(r.summaryFile, "utf8").then((t) => JSON.parse(t) as unknown, () => undefined))));
    await writeFileAtomic(summaryFile, `${JSON.stringify(merged, null, 2)}\n`);
  }
  return loadResult(results, summaryFile);
}

async function waitRestUp(k6: StartedK6, index: number, timeoutMs: number): Promise<void> {
  if (!k6.restUrl) throw errors.invalidArgument("k6 instance", index + 1, "a REST address when several instances run");
  let exited = false;
  void k6.result.then(() => (exited = true));
  await pollUntil(`k6 instance ${index + 1}'s REST API at ${k6.restUrl}`, timeoutMs, async () => {
    if (exited) throw errors.processFailed(`k6 instance ${index + 1}`, `exited before it was released: ${(await k6.result).exitMeaning}`);
    return await fetch(`${k6.restUrl}/v1/status`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
  }, 100);
}

async function resume(k6: StartedK6): Promise<void> {
  const res = await fetch(`${k6.restUrl}/v1/status`, { method: "PATCH", headers: { "content-type": "application/json" }, body: RESUME_BODY, signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw errors.processFailed("k6", `resuming ${k6.restUrl} answered ${res.status}: ${await res.text()}`);
}

function loadResult(instances: K6Result[], summaryFile: string): LoadResult {
  const failing = instances.find((r) => r.exitCode !== 0 && r.exitCode !== K6_THRESHOLDS_FAILED);
  const thresholdsFailed = instances.some((r) => r.thresholdsFailed);
  const exitCode = failing?.exitCode ?? (thresholdsFailed ? K6_THRESHOLDS_FAILED : 0);
  return {
    exitCode,
    exitMeaning: failing?.exitMeaning ?? K6_EXIT_CODES[exitCode] ?? "generic error",
    thresholdsFailed,
    aborted: instances.some((r) => r.aborted),
    instances,
    summaryFile: instances.length === 1 ? instances[0]!.summaryFile : summaryFile,
  };
}
