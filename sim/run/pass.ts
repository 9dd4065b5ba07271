// One strategy's pass through a scenario, on fresh infrastructure through the run's placement:
//   plan (addresses, ports, fleet, fault targets) -> start the system (PostgreSQL, toxiproxy, nodes, fixtures,
//   fleet) -> warm up -> load + fault timeline + scrape -> heal -> drain (bounded) -> capture final
//   state -> teardown -> merge history -> check. Every step is a call; the parts live in sim/placement.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { CheckResult, FinalState } from "../contracts/index.ts";
import { runChecks } from "../checks/index.ts";
import { makeRecorder, mergeHistories, readHistory } from "../history/index.ts";
import type { PostgresSource } from "../infra/postgres-source.ts";
import { writeFileAtomic } from "../lib/atomic-file.ts";
import { Scope } from "../lib/scope.ts";
import type { LoadResult } from "../load/k6-instances.ts";
import { K6_DEPLOYMENTS_SCRIPT } from "../load/k6-runner.ts";
import { fleetProbesOf, harnessSamplers } from "../metrics/index.ts";
import { startScraper } from "../metrics/scraper.ts";
import { checkLimitsOf } from "../plan/check-limits.ts";
import type { StrategyToRun } from "../plan/node-config.ts";
import type { HostUsage, Placement } from "../placement/placement.ts";
import { planPass } from "../placement/plan-pass.ts";
import { samplerNames, scrapeTargets } from "../placement/scrape-targets.ts";
import { shardedToxiproxy } from "../placement/sharded-toxiproxy.ts";
import { startSystem } from "../placement/system.ts";
import { warmUp } from "../placement/warm-up.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import { captureFinalState, countTasks } from "./capture.ts";
import { processMap, startFaults } from "./faults.ts";
import { startLivePass } from "./live/live-pass.ts";
import type { LiveView } from "./live/live-view.ts";
import { loadPlanOf } from "../plan/load-plan.ts";
import type { Progress } from "./progress.ts";
import { postgresVersion } from "./provenance.ts";
import { strategyPaths, type StrategyPaths } from "./store.ts";
import { harnessPgClient } from "../lib/pg-client.ts";

export interface PassOptions {
  spec: ScenarioSpec;
  strategy: StrategyToRun;
  runDir: string;
  placement: Placement;
  postgres: PostgresSource;
  progress: Progress;
  signal: AbortSignal;
  /** The run's live view (targets file, endpoints.json, Prometheus); absent: none. */
  live?: LiveView;
}

export interface PassOutcome {
  label: string;
  strategy: string;
  paths: StrategyPaths;
  loadStartMs: number;
  loadEndMs: number;
  finalState: FinalState;
  k6: LoadResult;
  checks: Record<string, CheckResult>;
  /** Tasks still unfinished when the drain deadline passed (0 when drained). */
  undrained: number;
  cleanupFailures: string[];
  /** Per host (where hosts are separate): what everything on it used, at the end of the pass. */
  hostUsage: Record<string, HostUsage>;
  /** server_version of the pass's PostgreSQL (null when it could not be read). */
  postgresVersion?: string | null;
}

export async function runStrategyPass(o: PassOptions): Promise<PassOutcome> {
  const { spec, strategy, progress, signal, placement } = o;
  const paths = strategyPaths(o.runDir, strategy.label);
  const say = (phase: string) => progress.phase(`${strategy.label}: ${phase}`);
  const scope = new Scope((line) => progress.log(line));
  const defer = <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => scope.defer(name, value, stop);
  const runRecorder = makeRecorder(path.join(paths.historyParts, "run.ndjson"), "run");
  const faultRecorder = makeRecorder(path.join(paths.historyParts, "faults.ndjson"), "faults");
  let outcome: Omit<PassOutcome, "checks" | "cleanupFailures" | "hostUsage"> | undefined;
  let hostUsage: Record<string, HostUsage> = {};
  let cleanupFailures: string[] = [];
  try {
    say("plan");
    // reserved before, so released after, everything listening on the fleet's addresses
    const plan = defer("fleet addresses", await planPass(placement, spec, paths.historyParts), (p) => p.addresses.release());
    const { fleet } = plan;

    say("setup infra");
    const system = await startSystem({
      placement, spec, strategy, postgres: o.postgres, plan, logsDir: paths.logs, historyDir: paths.historyParts, signal, defer, say,
      onToxiproxyRecover: (why, tookMs) => runRecorder.record("info", "toxiproxy:recover", { why, tookMs }),
    });
    const { nodes, postgres } = system;
    const live = defer("live view", startLivePass(o.live, {
      column: strategy.label, nodes, fleets: system.fleet.fleets, toxiproxies: system.fleet.toxiproxies, postgresUrl: postgres.url, samplers: samplerNames(system.fleet.toxiproxies.length),
    }, faultRecorder, (line) => progress.log(line)), (l) => l.close());

    say("warm-up");
    await warmUp(nodes.map((n) => n.url), fleet.plan.topology.fixtures.machines.filter((m) => m.mode !== "polling").map((m) => ({ id: m.id, endpoint: m.endpoint })), signal);
    const db = defer("progress db client", harnessPgClient({ connectionString: postgres.url }), (c) => c.end());
    await db.connect();
    const pgVersion = await postgresVersion(db);
    // the harness watches itself too (conductor event loop, machine CPU, CPU per part, fleets' answers): measurement validity
    const namedPids = () => [...nodes.map((n) => n.process), ...system.fleet.fleets].map((p) => ({ name: p.name, pid: p.current().pid }));
    const harness = defer("harness samplers", harnessSamplers(namedPids, fleetProbesOf(fleet.plan.fleetConfigs)), async (h) => h.stop());
    defer("scraper", startScraper({
      targets: [...(await scrapeTargets(defer, {
        nodes, databaseUrl: postgres.url, toxiproxies: [...system.databaseLinks.map((l) => l.server), ...system.fleet.toxiproxies], onToxiproxyState: live.onToxiproxyState,
      })), ...harness.targets],
      intervalMs: 1_000, outFile: paths.metrics, fetchTimeoutMs: 900, onLine: live.onScrape,
    }), (s) => s.stop());

    say("load + faults");
    const loadStartMs = Date.now();
    runRecorder.record("info", "load:start", { strategy: strategy.label });
    const timeline = defer("fault timeline", startFaults({
      steps: plan.faultSteps,
      deps: {
        toxiproxy: shardedToxiproxy([
          ...system.databaseLinks.map(({ server, proxyNames }) => ({ control: server, proxyNames })),
          ...system.fleet.toxiproxies.map((control, i) => ({ control, proxyNames: (fleet.plan.proxyShards[i] ?? []).map((p) => p.name) })),
        ]),
        processes: processMap([...nodes.map((n) => n.process), ...system.fleet.fleets]),
        database: { url: postgres.url },
        ...(placement.hosts ? { hosts: placement.hosts } : {}),
      },
      recorder: live.faults,
      loadStartMs,
    }), (t) => t.healQuietly());
    const ticker = setInterval(() => {
      countTasks(db).then((c) => progress.update({ tasksDone: c.done, tasksTotal: c.total, activeFaults: timeline.activeCount() }), () => {});
    }, 1_000);
    let k6: LoadResult;
    try {
      k6 = await placement.runLoad({
        scriptPath: K6_DEPLOYMENTS_SCRIPT, plan: loadPlanOf(spec, nodes, system.apiKey, fleet.model, paths.k6Summary), runDir: paths.dir, signal, instances: spec.load.instances, ...live.k6,
      });
    } finally {
      clearInterval(ticker);
    }
    const loadEndMs = Date.now();
    runRecorder.record("info", "load:end", { strategy: strategy.label, k6ExitCode: k6.exitCode });
    signal.throwIfAborted();

    say("heal + drain");
    await timeline.healAll();
    const undrained = await drain(db, spec.drain.timeoutS * 1000, progress, signal);
    if (undrained > 0) runRecorder.record("info", "drain:timeout", { unfinished: undrained, timeoutS: spec.drain.timeoutS });

    say("capture");
    const capturedAtMs = Date.now();
    const finalState: FinalState = { ...(await captureFinalState(postgres.url)), capturedAtMs };
    await writeFileAtomic(paths.finalState, JSON.stringify(finalState));
    outcome = { label: strategy.label, strategy: strategy.name, paths, loadStartMs, loadEndMs, finalState, k6, undrained, postgresVersion: pgVersion };
    hostUsage = await placement.hostUsage();
  } finally {
    say("teardown");
    // the scope heals the fault timeline (recording its windows) before the recorders close
    cleanupFailures = await scope.close();
    await faultRecorder.close();
    await runRecorder.close();
    await placement.collect(paths.dir); // what the parts wrote on their hosts (history parts, logs)
  }
  say("check");
  const parts = fs.readdirSync(paths.historyParts).filter((f) => f.endsWith(".ndjson")).map((f) => path.join(paths.historyParts, f));
  for (const { opsFile } of outcome.k6.instances) if (fs.existsSync(opsFile)) parts.push(opsFile);
  await mergeHistories(parts, paths.history);
  const history = await readHistory(paths.history);
  const checks = runChecks(spec.invariants, { history, finalState: outcome.finalState, limits: checkLimitsOf(spec, outcome.finalState, placement.clockToleranceMs()) });
  return { ...outcome, checks, cleanupFailures, hostUsage };
}

/** Waits until every task is terminal or the deadline passes; returns how many are left unfinished. */
async function drain(db: pg.Client, timeoutMs: number, progress: Progress, signal: AbortSignal): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { total, done } = await countTasks(db);
    progress.update({ tasksDone: done, tasksTotal: total });
    if (done === total || Date.now() >= deadline) return total - done;
    signal.throwIfAborted();
    await new Promise((r) => setTimeout(r, 250));
  }
}
