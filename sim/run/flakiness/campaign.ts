// Runs a flakiness campaign: each planned scenario's run, N times, one after another, each through the
// real CLI in a child process (`taskstorm run ... --json`, as CI runs it) so every run starts clean.
// Keeps each run's exit code, wall time, summary and, when it produced none, the last words it printed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { RunResultJson, RunSummary } from "../../contracts/index.ts";
import { repoRoot } from "../../infra/tools.ts";
import type { PlannedScenario } from "./plan.ts";

export interface RunOutcome {
  scenario: string;
  /** 1-based try. */
  attempt: number;
  exitCode: number;
  wallMs: number;
  summary?: RunSummary;
  /** Why it produced no verdict: the error it printed (exit 2/3). */
  error?: string;
}

export interface CampaignOptions {
  reportsDir: string;
  /** Extra `run` arguments for every run, e.g. ["--postgres", url]. */
  runArgs: string[];
  signal: AbortSignal;
  /** Called before each run: scenario k of n, try i of N, and an ETA. */
  onRun?(p: { index: number; total: number; scenario: string; attempt: number; times: number; etaMs: number }): void;
  onDone?(o: RunOutcome): void;
}

const BIN = path.join(repoRoot, "bin", "taskstorm.js");
const TAIL_CHARS = 2000;

export async function runCampaign(plan: readonly PlannedScenario[], o: CampaignOptions): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  const total = plan.reduce((n, p) => n + p.times, 0);
  const wallByScenario = new Map<string, number[]>();
  for (const p of plan) {
    for (let attempt = 1; attempt <= p.times; attempt++) {
      o.signal.throwIfAborted();
      const seen = wallByScenario.get(p.scenario) ?? [];
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const all = [...wallByScenario.values()].flat();
      const per = seen.length ? mean(seen) : all.length ? mean(all) : 120_000;
      const etaMs = per * (p.times - attempt + 1) + plan.slice(plan.indexOf(p) + 1).reduce((n, q) => n + q.times * (all.length ? mean(all) : 120_000), 0);
      o.onRun?.({ index: outcomes.length + 1, total, scenario: p.scenario, attempt, times: p.times, etaMs });
      const outcome = await runOnce(p, attempt, o);
      wallByScenario.set(p.scenario, [...seen, outcome.wallMs]);
      outcomes.push(outcome);
      o.onDone?.(outcome);
    }
  }
  return outcomes;
}

async function runOnce(p: PlannedScenario, attempt: number, o: CampaignOptions): Promise<RunOutcome> {
  const { runDir: _, ...run } = await runCli(["run", p.scenario, ...p.sets, "--reports-dir", o.reportsDir, "--json", ...o.runArgs], o.signal);
  return { scenario: p.scenario, attempt, ...run };
}

/** What one `taskstorm run ... --json` in a child process gave: its exit, wall time, summary and folder, or why it gave none. */
export interface CliRun {
  exitCode: number;
  wallMs: number;
  summary?: RunSummary;
  runDir?: string;
  /** Why it produced no verdict: the error it printed (exit 2/3). */
  error?: string;
}

/** Runs `taskstorm <args>` (a `run ... --json`) in a child process; abort sends SIGTERM (the CLI stops everything it started). */
export async function runCli(args: readonly string[], signal: AbortSignal): Promise<CliRun> {
  const startedMs = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-TAIL_CHARS)));
  const stop = () => child.kill("SIGTERM");
  signal.addEventListener("abort", stop, { once: true });
  const exitCode = await new Promise<number>((resolve) => child.on("close", (code, sig) => resolve(code ?? (sig === "SIGKILL" ? 137 : 143))));
  signal.removeEventListener("abort", stop);
  const base = { exitCode, wallMs: Date.now() - startedMs };
  try {
    const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Partial<RunResultJson> & { error?: { message: string } };
    const runDir = typeof result.runDir === "string" ? { runDir: result.runDir } : {};
    if (result.files?.summary && fs.existsSync(result.files.summary)) return { ...base, ...runDir, summary: JSON.parse(fs.readFileSync(result.files.summary, "utf8")) as RunSummary };
    return { ...base, ...runDir, error: result.error?.message ?? lastLines(stderr) };
  } catch {
    return { ...base, error: lastLines(stderr) || `no result on stdout (exit ${exitCode})` };
  }
}

function lastLines(text: string): string {
  return text.trim().split("\n").filter((l) => !l.startsWith("[taskstorm]")).slice(-3).join(" | ");
}
