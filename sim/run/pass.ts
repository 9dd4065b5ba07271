// One strategy's pass through a scenario, on its own fresh infrastructure: setup infra -> start nodes
// -> seed fixtures -> start fleet -> populate proxies -> warm up -> load + fault timeline + scrape ->
// heal -> drain (bounded) -> capture final state -> teardown -> merge history -> check.

import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { CheckResult, FinalState, LoadPlan } from "../contracts/index.ts";
import { runChecks } from "../checks/index.ts";
import { makeRecorder, mergeHistories, readHistory } from "../history/index.ts";
import { startPostgres, type PostgresSource } from "../infra/postgres-source.ts";
import { runK6, K6_DEPLOYMENTS_SCRIPT, type K6Result } from "../load/k6-runner.ts";
import { startScraper } from "../metrics/scraper.ts";
import type { ScenarioSpec } from "../scenario/index.ts";
import { auxScrapeTargets } from "../placement/scrape-targets.ts";
import { captureFinalState, countTasks } from "./capture.ts";
import { checkLimitsOf } from "../plan/check-limits.ts";
import { nodeNames, seedFixtures, startNodes, type StrategyToRun } from "../placement/nodes.ts";
import { planDatabaseProxies } from "../plan/database-proxies.ts";
import { faultUniverse, planFaultSteps, processMap, startFaults } from "../plan/fault-plan.ts";
import { startRecoverableToxiproxy } from "../placement/recoverable-toxiproxy.ts";
import { shardedToxiproxy } from "../placement/sharded-toxiproxy.ts";
import { planPassFleet } from "../plan/fleet-plan.ts";
import { startPlannedFleet } from "../placement/fleet.ts";
import { strategyPaths, type StrategyPaths } from "./store.ts";
import type { Progress } from "./progress.ts";
import { Scope } from "../lib/scope.ts";
import { warmUp } from "../placement/warm-up.ts";

export interface PassOptions {
  spec: ScenarioSpec;
  strategy: StrategyToRun;
  runDir: string;
  tools: { k6: string; toxiproxy: string };
  postgres: PostgresSource;
  progress: Progress;
  signal: AbortSignal;
}

export interface PassOutcome {
  label: string;
  strategy: string;
  paths: StrategyPaths;
  loadStartMs: number;
  loadEndMs: number;
  finalState: FinalState;
  k6: K6Result;
  checks: Record<string, CheckResult>;
  /** Tasks still unfinished when the drain deadline passed (0 when drained). */
  undrained: number;
  cleanupFailures: string[];
}

export async function runStrategyPass(o: PassOptions): Promise<PassOutcome> {
  const { spec, strategy, progress, signal } = o;
  const paths = strategyPaths(o.runDir, strategy.label);
  const say = (phase: string) => progress.phase(`${strategy.label}: ${phase}`);
  const scope = new Scope((line) => progress.log(line));
  const runRecorder = makeRecorder(path.join(paths.historyParts, "run.ndjson"), "run");
  const faultRecorder = makeRecorder(path.join(paths.historyParts, "faults.ndjson"), "faults");
  let outcome: Omit<PassOutcome, "checks" | "cleanupFailures"> | undefined;
  let cleanupFailures: string[] = [];
  try {
    say("setup infra");
    const postgres = scope.defer("postgres", await startPostgres(o.postgres), (p) => p.stop());
    const { model, plan: fleetPlan, pollingPorts, pollingNodes, blocks } = await planPassFleet(spec, paths.historyParts);
    // reserved before, so released after, everything listening on these blocks (toxiproxy shards, fleets)
    scope.defer("loopback blocks", blocks, (b) => b.release());
    const toxiproxy = scope.defer("toxiproxy-server", await startRecoverableToxiproxy(
      { binPath: o.tools.toxiproxy, logFile: path.join(paths.logs, "toxiproxy.log"), seed: spec.seed },
      (why, tookMs) => runRecorder.record("info", "toxiproxy:recover", { why, tookMs }),
    ), (t) => t.stop());
    const { topology } = fleetPlan;
    const dbProxies = await planDatabaseProxies(postgres.url, nodeNames(spec));
    const faultSteps = planFaultSteps(spec, faultUniverse(topology, nodeNames(spec).map((name) => ({ name, databaseProxy: dbProxies.proxyOf(name) })), fleetPlan.fleetConfigs.map((c) => c.fleetName)));
    await toxiproxy.populate(dbProxies.proxies);
    signal.throwIfAborted();

    say(`start ${spec.server.nodes} nodes`);
    const apiKey = `API-${randomBytes(12).toString("hex").toUpperCase()}`;
    const nodes = await startNodes(
      { spec, strategy, databaseUrl: postgres.url, databaseUrlFor: dbProxies.urlFor, apiKey, logsDir: paths.logs, historyDir: paths.historyParts, pollingPorts },
      (node) => scope.defer(node.name, node, (n) => n.process.stop("SIGTERM")),
    );
    await seedFixtures(nodes[0]!.url, apiKey, topology.fixtures);

    say(`start fleet of ${topology.tentacles.length} listening + ${topology.pollingTentacles.length} polling tentacles`);
    const { fleets, extraToxiproxies } = await startPlannedFleet({
      plan: fleetPlan, toxiproxy, toxiproxyBin: o.tools.toxiproxy, seed: spec.seed, logsDir: paths.logs, pollingNodes, signal,
      defer: (name, value, stop) => scope.defer(name, value, stop),
    });
    say("warm-up");
    await warmUp(nodes.map((n) => n.url), topology.fixtures.machines.filter((m) => m.mode !== "polling").map((m) => m.endpoint), signal);

    const db = scope.defer("progress db client", new pg.Client({ connectionString: postgres.url }), (c) => c.end());
    await db.connect();
    scope.defer("scraper", startScraper({
      targets: [...nodes.map((n) => ({ name: n.name, url: `${n.url}/metrics` })), ...(await auxScrapeTargets((n, v, stop) => scope.defer(n, v, stop), postgres.url, toxiproxy))],
      intervalMs: 1_000,
      outFile: paths.metrics,
      fetchTimeoutMs: 900,
    }), (s) => s.stop());

    say("load + faults");
    const plan: LoadPlan = {
      nodeUrls: nodes.map((n) => n.url),
      apiKey,
      startRateRps: spec.load.startRateRps,
      stages: spec.load.stages,
      preAllocatedVUs: spec.load.preAllocatedVUs,
      maxVUs: spec.load.maxVUs,
      deployments: model.deployments,
      summaryFile: paths.k6Summary,
      thresholds: spec.load.thresholds,
      cancels: spec.load.cancels,
      interruptions: spec.load.interruptions,
      dashboards: spec.load.dashboards,
    };
    const loadStartMs = Date.now();
    runRecorder.record("info", "load:start", { strategy: strategy.label });
    const timeline = startFaults({
      steps: faultSteps,
      deps: {
        toxiproxy: shardedToxiproxy([toxiproxy, ...extraToxiproxies].map((control, i) => ({ control, proxyNames: (fleetPlan.proxyShards[i] ?? []).map((p) => p.name) }))),
        processes: processMap([...nodes.map((n) => n.process), ...fleets]),
        database: { url: postgres.url },
      },
      recorder: faultRecorder,
      loadStartMs,
    });
    scope.defer("fault timeline", timeline, (t) => t.healQuietly());
    const ticker = setInterval(() => {
      countTasks(db).then((c) => progress.update({ tasksDone: c.done, tasksTotal: c.total, activeFaults: timeline.activeCount() }), () => {});
    }, 1_000);
    let k6: K6Result;
    try {
      k6 = await runK6({ k6Path: o.tools.k6, scriptPath: K6_DEPLOYMENTS_SCRIPT, plan, runDir: paths.dir, signal });
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
    fs.writeFileSync(paths.finalState, JSON.stringify(finalState));
    outcome = { label: strategy.label, strategy: strategy.name, paths, loadStartMs, loadEndMs, finalState, k6, undrained };
  } finally {
    say("teardown");
    // the scope heals the fault timeline (recording its windows) before the recorders close
    cleanupFailures = await scope.close();
    await faultRecorder.close();
    await runRecorder.close();
  }
  say("check");
  const parts = fs.readdirSync(paths.historyParts).map((f) => path.join(paths.historyParts, f));
  if (fs.existsSync(outcome.k6.opsFile)) parts.push(outcome.k6.opsFile);
  await mergeHistories(parts, paths.history);
  const history = await readHistory(paths.history);
  const checks = runChecks(spec.invariants, { history, finalState: outcome.finalState, limits: checkLimitsOf(spec, outcome.finalState) });
  return { ...outcome, checks, cleanupFailures };
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
