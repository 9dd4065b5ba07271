// Series from the scraped time series (metrics.ndjson: node /metrics, the PostgreSQL and Toxiproxy
// samplers), by rules that name a family and how to read it: gauge (summed over targets, last value in
// a bin), rate (counter increase per second), increase (per bin), p95 (histogram increase per bin).
import type { ScrapeLine, ScrapedFamily } from "../../contracts/index.ts";
import { fromJsonNumber } from "../../contracts/index.ts";
import { binOf, type Axis, type Series } from "./axis.ts";
import { histogramQuantile } from "./histogram-quantile.ts";
import type { HarnessSamples } from "../validity/digest.ts";

export interface ScrapeRule {
  key: string;
  family: string;
  /** peakRate: a per-second rate series whose total is its highest bin (e.g. the worst connect spike). */
  kind: "gauge" | "rate" | "peakRate" | "increase" | "p95";
  /** Only samples whose labels have these values. */
  where?: Record<string, string>;
  /** Multiplier of the values (e.g. 1000 for seconds to ms). */
  scale?: number;
}

export const SCRAPE_RULES: readonly ScrapeRule[] = [
  { key: "mutexWaitP95Ms", family: "sim_mutex_wait_seconds", kind: "p95", scale: 1000 },
  { key: "mutexHoldP95Ms", family: "sim_mutex_hold_seconds", kind: "p95", scale: 1000 },
  { key: "rowLockWaitP95Ms", family: "sim_row_lock_wait_seconds", kind: "p95", scale: 1000 },
  { key: "conflictsPerS", family: "sim_concurrency_conflicts_total", kind: "rate" },
  { key: "retriesPerS", family: "sim_concurrency_retries_total", kind: "rate" },
  { key: "dbPoolWaiting", family: "sim_db_pool_waiting", kind: "gauge" },
  { key: "rpcInFlight", family: "sim_rpc_in_flight", kind: "gauge" },
  { key: "pollingConnectsPeakPerS", family: "sim_polling_connects_total", kind: "peakRate" },
  { key: "dbWaitAdvisory", family: "pg_sessions", kind: "gauge", where: { wait_event_type: "Lock", wait_event: "advisory" } },
  { key: "dbWaitRowLock", family: "pg_sessions", kind: "gauge", where: { wait_event_type: "Lock", wait_event: "tuple" } },
  { key: "dbWaitTransactionId", family: "pg_sessions", kind: "gauge", where: { wait_event_type: "Lock", wait_event: "transactionid" } },
  { key: "dbLocksWaiting", family: "pg_locks", kind: "gauge", where: { granted: "false" } },
  { key: "deadlocks", family: "pg_deadlocks_total", kind: "increase" },
  { key: "toxicsActive", family: "toxiproxy_toxics", kind: "gauge" },
  { key: "proxiesDisabled", family: "toxiproxy_proxies", kind: "gauge", where: { enabled: "false" } },
];

export interface ScrapeDigest {
  series: Record<string, Series>;
  /** Whole-run figure per rule: gauge peak, counter increase, histogram p95. */
  totals: Record<string, number | null>;
  /** What the harness saw of itself (sim/report/validity), when the file was digested for it. */
  harness?: HarnessSamples;
}

interface RuleState {
  seen: Uint8Array;
  /** gauge: last value per target per bin; counters: increase per bin; p95: bucket increases per bin. */
  gauge: Map<string, number>[];
  increase: Float64Array;
  buckets: Map<number, number>[];
  prev: Map<string, number>;
}

export function makeScrapeDigester(axis: Axis, rules: readonly ScrapeRule[] = SCRAPE_RULES) {
  const states = rules.map((): RuleState => ({
    seen: new Uint8Array(axis.bins), gauge: [], increase: new Float64Array(axis.bins), buckets: [], prev: new Map(),
  }));
  const byFamily = new Map<string, number[]>();
  rules.forEach((r, i) => byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), i]));
  return {
    add(line: ScrapeLine): void {
      if (!line.ok) return;
      const b = binOf(axis, line.timeMs);
      for (const family of line.families) {
        for (const i of byFamily.get(family.name) ?? []) read(rules[i]!, states[i]!, family, line.target, b);
      }
    },
    finish(): ScrapeDigest {
      const series: Record<string, Series> = {};
      const totals: Record<string, number | null> = {};
      rules.forEach((rule, i) => {
        const s = states[i]!;
        if (!s.seen.some((x) => x === 1)) return;
        const scale = rule.scale ?? 1;
        const out: Series = [];
        for (let b = 0; b < axis.bins; b++) {
          if (!s.seen[b]) out.push(null);
          else if (rule.kind === "gauge") out.push([...(s.gauge[b]?.values() ?? [])].reduce((x, y) => x + y, 0) * scale);
          else if (rule.kind === "p95") out.push(scaled(histogramQuantile(s.buckets[b] ?? new Map(), 0.95), scale));
          else out.push((rule.kind === "increase" ? s.increase[b]! : s.increase[b]! / (axis.binMs / 1000)) * scale);
        }
        series[rule.key] = out;
        if (rule.kind === "gauge" || rule.kind === "peakRate") totals[rule.key] = Math.max(...out.map((v) => v ?? 0));
        else if (rule.kind === "p95") totals[rule.key] = scaled(histogramQuantile(mergeBuckets(s.buckets), 0.95), scale);
        else totals[rule.key] = s.increase.reduce((x, y) => x + y, 0) * scale;
      });
      return { series, totals };
    },
  };
}

function read(rule: ScrapeRule, s: RuleState, family: ScrapedFamily, target: string, b: number): void {
  const matches = (labels: Record<string, string>) => !rule.where || Object.entries(rule.where).every(([k, v]) => labels[k] === v);
  if (rule.kind === "p95") {
    const now = new Map<number, number>();
    for (const x of family.samples) {
      if (x.name !== `${family.name}_bucket` || !matches(x.labels)) continue;
      const le = x.labels.le === "+Inf" ? Infinity : Number(x.labels.le);
      now.set(le, (now.get(le) ?? 0) + fromJsonNumber(x.value));
    }
    for (const [le, count] of now) {
      const key = `${target}|${le}`;
      const prev = s.prev.get(key);
      s.prev.set(key, count);
      if (b < 0 || prev === undefined) continue;
      const inc = count >= prev ? count - prev : count;
      (s.buckets[b] ??= new Map()).set(le, (s.buckets[b]!.get(le) ?? 0) + inc);
    }
    if (b >= 0) s.seen[b] = 1;
    return;
  }
  let total = 0;
  for (const x of family.samples) if (matches(x.labels)) total += fromJsonNumber(x.value);
  if (!Number.isFinite(total)) return;
  if (rule.kind === "gauge") {
    if (b < 0) return;
    (s.gauge[b] ??= new Map()).set(target, total);
    s.seen[b] = 1;
    return;
  }
  const prev = s.prev.get(target);
  s.prev.set(target, total);
  if (b < 0) return;
  s.seen[b] = 1;
  if (prev !== undefined) s.increase[b]! += total >= prev ? total - prev : total;
}

/** Bucket increases summed over bins (increases of cumulative counts stay cumulative). */
function mergeBuckets(bins: (Map<number, number> | undefined)[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of bins) for (const [le, n] of m ?? []) out.set(le, (out.get(le) ?? 0) + n);
  return out;
}

function scaled(v: number | null, scale: number): number | null {
  return v === null ? null : v * scale;
}
