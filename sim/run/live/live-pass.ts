// One column in the run's live view: publishes its endpoints and Prometheus targets at start, and
// again after every restart of a node or fleet process (a placement may move a part's port) and
// whenever an address changes (a recovered toxiproxy-server); serves the conductor's samplers and
// the fault windows (taskstorm_fault_active) through the exporter; turns toxics added by hand into
// "manual" fault windows. close() ends open manual windows and takes the column's targets away.
import type { HistoryOp, ScrapeLine } from "../../contracts/index.ts";
import type { Recorder } from "../../history/index.ts";
import { makeFaultGauge, makeManualToxicWatch, type ProxyState } from "../../metrics/index.ts";
import type { RestartableProcess, Startable } from "../../placement/restartable.ts";
import { columnEndpoints, discoveredTargets, endpointLines, type LiveParts } from "./endpoints.ts";
import type { LiveView } from "./live-view.ts";

export interface LivePassParts {
  column: string;
  nodes: readonly { name: string; url: string; process: RestartableProcess<Startable> }[];
  fleets: readonly RestartableProcess<Startable>[];
  /** Every toxiproxy-server of the pass, shard 0 first (apiUrl read each time: a recovery moves it). */
  toxiproxies: readonly { readonly apiUrl: string }[];
  postgresUrl: string;
  /** Names of the conductor's samplers (the scraper's collect targets). */
  samplers: readonly string[];
}

export interface LivePass {
  /** The fault controller's recorder, tapped: every fault window also moves the fault gauge. Manual windows are recorded through it. */
  readonly faults: Recorder;
  /** `k6 run` flags and environment of this column. */
  readonly k6: { args: string[]; env: Record<string, string> };
  /** For the scraper: serves each sampler's latest families, and republishes when an address changed. */
  onScrape(line: ScrapeLine): void;
  /** For the Toxiproxy samplers: each shard's state, for the manual-toxic watch. */
  onToxiproxyState(shard: string, proxies: Record<string, ProxyState>): void;
  close(): Promise<void>;
}

const FAULTS_SAMPLER = "faults";
const reported = (p: RestartableProcess<Startable>, key: string) => {
  const value = p.current().ready?.[key];
  return typeof value === "string" ? value : undefined;
};

/** Without a live view (a pass run on its own): the fault recorder as it is, no tags, nothing published. */
export function startLivePass(view: LiveView | undefined, parts: LivePassParts, faultRecorder: Recorder, log: (line: string) => void): LivePass {
  if (!view) return { faults: faultRecorder, k6: { args: [], env: {} }, onScrape: () => {}, onToxiproxyState: () => {}, close: async () => {} };
  const { exporter } = view;
  exporter.clear();
  const gauge = makeFaultGauge();
  const live: LiveParts = {
    column: parts.column,
    nodes: parts.nodes.map((n) => ({ name: n.name, url: () => reported(n.process, "url") ?? n.url })),
    fleets: parts.fleets.map((f) => ({ name: f.name, metricsUrl: () => reported(f, "metricsUrl") })),
    toxiproxies: parts.toxiproxies.map((t) => ({ apiUrl: () => t.apiUrl })),
    postgresUrl: parts.postgresUrl,
    samplers: [...parts.samplers, FAULTS_SAMPLER].map((name) => ({ name, metricsUrl: `${exporter.url}/metrics/${name}` })),
  };
  let published = "";
  /** start: print every address; restart: always rewrite (a port may have moved); poll: rewrite only when something moved. */
  const publish = (why: { start: true } | { restarted: string } | { poll: true }) => {
    const endpoints = columnEndpoints(live);
    const key = JSON.stringify(endpoints);
    if ("poll" in why && key === published) return;
    view.publish(parts.column, endpoints, discoveredTargets(live, { testid: view.runId, scenario: view.scenario }));
    if ("start" in why) for (const line of endpointLines(parts.column, endpoints)) log(line);
    else log(`${parts.column}: ${"restarted" in why ? `${why.restarted} restarted` : "an address moved"}; targets and endpoints rewritten${key === published ? "" : " (addresses changed)"}`);
    published = key;
  };
  publish({ start: true });
  const unsubscribe = [...parts.nodes.map((n) => n.process), ...parts.fleets].map((p) => p.onStart(() => {
    try {
      publish({ restarted: p.name });
    } catch (e) {
      log(`${parts.column}: could not rewrite targets and endpoints after ${p.name} restarted: ${String(e)}`); // the restart itself went well
    }
  }));

  const serveFaults = () => exporter.set(FAULTS_SAMPLER, gauge.families());
  const observe = (op: HistoryOp) => {
    gauge.observe(op);
    serveFaults();
  };
  const tapped: Recorder = {
    ...faultRecorder,
    append(op) {
      faultRecorder.append(op);
      observe(op);
    },
    record<V>(type: HistoryOp["type"], f: string, value: V, actor?: string) {
      const op = faultRecorder.record(type, f, value, actor);
      observe(op);
      return op;
    },
  };
  serveFaults();
  const watch = makeManualToxicWatch((type, f, value) => {
    tapped.record(type, f, value, "faults");
    log(`${parts.column}: ${type === "invoke" ? "manual fault seen" : "manual fault gone"}: ${value.target}`);
  });
  return {
    faults: tapped,
    k6: view.k6For(parts.column),
    onScrape(line) {
      if (!parts.samplers.includes(line.target)) return;
      exporter.set(line.target, line.ok ? line.families : { error: line.error });
      if (line.target === parts.samplers[0]) publish({ poll: true });
    },
    onToxiproxyState: (shard, proxies) => watch.observe(shard, proxies),
    async close() {
      for (const off of unsubscribe) off();
      watch.close();
      view.retire(parts.column);
    },
  };
}
