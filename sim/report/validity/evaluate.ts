// Judges one column's measurement from what the harness saw of itself during the load window
// (digest.ts) and from k6's summary: valid, or "measurement invalid" with every reason, against the
// limits of thresholds.ts. Harness parts (conductor, fleets, k6, toxiproxy) and the machine invalidate;
// the system under test saturating (nodes, PostgreSQL) is a finding, noted but not held against the harness,
// and so is a fleet or toxiproxy saturating where the scenario declares the column does so by design.
import { HARNESS_PART, quantile, saturablePartOf, type ExpectedSaturation, type MeasurementValidity, type PartLoad, type ValidityMonitors } from "../../contracts/index.ts";
import { k6Value } from "../k6-outcome.ts";
import type { HarnessSamples, TimedValue } from "./digest.ts";
import * as T from "./thresholds.ts";

export interface ValidityInput {
  /** Absent: the run folder predates the harness samplers (only k6 is judged). */
  harness?: HarnessSamples;
  /** The load window, ms since the epoch. */
  windowStartMs: number;
  windowEndMs: number;
  /** k6's handleSummary JSON (absent: k6 not judged). */
  k6Summary?: unknown;
  /** The scenario's load.maxVUs, to tell VU exhaustion. */
  maxVUs?: number;
  /** The scenario's expectedSaturation entries for this column. */
  expectedSaturation?: readonly ExpectedSaturation[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function measurementValidity(input: ValidityInput): MeasurementValidity {
  const reasons: string[] = [];
  const notes: string[] = [];
  const inWindow = (xs: readonly TimedValue[]) => xs.filter((x) => x.timeMs >= input.windowStartMs && x.timeMs <= input.windowEndMs);
  const h = input.harness;
  const windowS = Math.max(0, (input.windowEndMs - input.windowStartMs) / 1000);
  const monitors: ValidityMonitors = {
    windowS: Math.round(windowS), conductorLoopDelayP99Ms: null, conductorLoopDelayMaxMs: null, machineCpuBusyP50: null, machineSaturatedShare: null,
    harnessCpuShare: null, parts: {}, k6DroppedIterations: null, k6DroppedRatio: null, k6VusMax: null, k6MaxVUs: input.maxVUs ?? null, scrapeGapMaxMs: null, scrapeGapTotalMs: null,
  };
  if (!h) notes.push("no harness samples in metrics.ndjson (a run from before taskstorm watched itself): only k6 judged");
  if (h) {
    const loop = inWindow(h.conductorLoopP99S);
    if (loop.length) {
      monitors.conductorLoopDelayP99Ms = ms(Math.max(...loop.map((x) => x.value)));
      monitors.conductorLoopDelayMaxMs = ms(Math.max(0, ...inWindow(h.conductorLoopMaxS).map((x) => x.value)));
      const stalls = loop.filter((x) => x.value * 1000 >= T.LOOP_DELAY_STALL_MS).length;
      const share = stalls / loop.length;
      if (share > T.CONDUCTOR_STALL_SHARE_MAX) reasons.push(`conductor event loop stalled (delay p99 >= ${T.LOOP_DELAY_STALL_MS} ms) in ${pct(share)} of samples (limit ${pct(T.CONDUCTOR_STALL_SHARE_MAX)}), worst p99 ${monitors.conductorLoopDelayP99Ms} ms: fault steps and scrapes ran late`);
      else if (stalls) notes.push(`conductor event loop stalled in ${stalls} of ${loop.length} samples (worst p99 ${monitors.conductorLoopDelayP99Ms} ms)`);
    }
    const busy = inWindow(h.machineBusy).map((x) => x.value);
    if (busy.length) {
      monitors.machineCpuBusyP50 = round3(quantile(busy, 0.5)!);
      const share = busy.filter((b) => b >= T.MACHINE_BUSY_SATURATED_RATIO).length / busy.length;
      monitors.machineSaturatedShare = round3(share);
      if (share > T.MACHINE_SATURATED_SHARE_MAX) reasons.push(`machine CPU saturated (>= ${pct(T.MACHINE_BUSY_SATURATED_RATIO)} busy) in ${pct(share)} of the load window (limit ${pct(T.MACHINE_SATURATED_SHARE_MAX)}): every latency includes waiting for a core`);
    }
    const { parts, harnessShare } = partLoads(h, inWindow);
    monitors.parts = parts;
    monitors.harnessCpuShare = harnessShare;
    for (const [part, load] of Object.entries(parts)) {
      const harness = HARNESS_PART.test(part);
      if (load.saturatedShare > T.HARNESS_PART_SATURATED_SHARE_MAX) {
        const line = `${part} saturated its core (>= ${T.PART_SATURATED_CORES} cores) in ${pct(load.saturatedShare)} of samples (limit ${pct(T.HARNESS_PART_SATURATED_SHARE_MAX)}), peak ${load.peakCores} cores`;
        const kind = saturablePartOf(part); // only harness parts have one
        const declared = kind && input.expectedSaturation?.find((e) => e.parts.includes(kind));
        if (!harness) notes.push(`${line}: the system under test, a finding rather than a harness fault`);
        else if (declared) notes.push(`${line}: expected by the scenario (${declared.why})`);
        else reasons.push(line);
      }
      const lag = inWindow(h.loopLagP99S[part] ?? []);
      const stallShare = lag.length ? lag.filter((x) => x.value * 1000 >= T.LOOP_DELAY_STALL_MS).length / lag.length : 0;
      if (/^fleet-/.test(part) && stallShare > T.FLEET_STALL_SHARE_MAX) reasons.push(`${part} answered a health RPC ${T.LOOP_DELAY_STALL_MS} ms or later in ${pct(stallShare)} of samples (limit ${pct(T.FLEET_STALL_SHARE_MAX)}), worst ${load.loopLagP99MaxMs} ms: its event loop was saturated and tentacles answered late`);
    }
    const rounds = h.roundsMs.filter((t) => t >= input.windowStartMs && t <= input.windowEndMs);
    if (rounds.length > 1) {
      const gaps = rounds.slice(1).map((t, i) => t - rounds[i]!);
      monitors.scrapeGapMaxMs = Math.max(...gaps);
      monitors.scrapeGapTotalMs = gaps.filter((g) => g > T.SCRAPE_GAP_MS).reduce((a, g) => a + g - T.SCRAPE_INTERVAL_MS, 0);
      const share = windowS > 0 ? monitors.scrapeGapTotalMs / 1000 / windowS : 0;
      if (share > T.SCRAPE_GAP_SHARE_MAX) reasons.push(`scrapes missed ${pct(share)} of the load window (gaps > ${T.SCRAPE_GAP_MS} ms, longest ${monitors.scrapeGapMaxMs} ms; limit ${pct(T.SCRAPE_GAP_SHARE_MAX)})`);
      else if (monitors.scrapeGapTotalMs > 0) notes.push(`scrape gaps: longest ${monitors.scrapeGapMaxMs} ms`);
    }
  }
  judgeK6(input, monitors, reasons, notes);
  return { valid: reasons.length === 0, reasons, notes, monitors };
}

function judgeK6(input: ValidityInput, m: ValidityMonitors, reasons: string[], notes: string[]): void {
  if (input.k6Summary === undefined || input.k6Summary === null) return;
  const dropped = k6Value(input.k6Summary, "dropped_iterations", "count") ?? 0;
  const iterations = k6Value(input.k6Summary, "iterations", "count") ?? 0;
  m.k6DroppedIterations = dropped;
  m.k6DroppedRatio = iterations + dropped > 0 ? round3(dropped / (iterations + dropped)) : null;
  m.k6VusMax = k6Value(input.k6Summary, "vus_max", "max") ?? k6Value(input.k6Summary, "vus_max", "value");
  const exhausted = m.k6VusMax !== null && input.maxVUs !== undefined && m.k6VusMax >= input.maxVUs;
  const vus = exhausted ? `; VUs exhausted (${m.k6VusMax} of maxVUs ${input.maxVUs}): raise load.maxVUs or lower the rate` : "";
  const waitedOnSystem = exhausted ? undefined : vusNeededForSlowIterations(input.k6Summary, m);
  if ((m.k6DroppedRatio ?? 0) > T.K6_DROPPED_RATIO_MAX && dropped > T.K6_DROPPED_COUNT_TOLERATED && waitedOnSystem) {
    notes.push(`k6 dropped ${dropped} of ${iterations + dropped} planned iterations while they took p95 ${Math.round(waitedOnSystem.iterationP95Ms)} ms: ` +
      `at ${waitedOnSystem.plannedPerS.toFixed(1)}/s that needs about ${Math.ceil(waitedOnSystem.vusNeeded)} VUs, k6 had ${m.k6VusMax} and could not start more in time; ` +
      "the system under test answered slowly (a finding, not a harness fault)");
  }
  else if ((m.k6DroppedRatio ?? 0) > T.K6_DROPPED_RATIO_MAX && dropped > T.K6_DROPPED_COUNT_TOLERATED) {
    reasons.push(`k6 dropped ${dropped} of ${iterations + dropped} planned iterations (${pct(m.k6DroppedRatio!)}, limit ${pct(T.K6_DROPPED_RATIO_MAX)} and ${T.K6_DROPPED_COUNT_TOLERATED}): the arrival rate was not delivered${vus}`);
  }
  else if (dropped > 0) notes.push(`k6 dropped ${dropped} iterations${vus}`);
  else if (exhausted) notes.push(`k6 reached maxVUs ${input.maxVUs} without dropping iterations`);
}

/** Dropped iterations are the system under test's doing when the machine was not saturated and, by
 * Little's law, the planned arrival rate times k6's iteration p95 needs at least the VUs k6 had: every
 * VU was waiting for an answer. Undefined when that does not hold (or the summary lacks the figures). */
function vusNeededForSlowIterations(summary: unknown, m: ValidityMonitors): { vusNeeded: number; plannedPerS: number; iterationP95Ms: number } | undefined {
  if (m.machineSaturatedShare !== null && m.machineSaturatedShare > T.MACHINE_SATURATED_SHARE_MAX) return undefined;
  const iterationP95Ms = k6Value(summary, "iteration_duration", "p(95)");
  const plannedPerS = (k6Value(summary, "iterations", "rate") ?? 0) + (k6Value(summary, "dropped_iterations", "rate") ?? 0);
  if (iterationP95Ms === null || plannedPerS <= 0 || m.k6VusMax === null) return undefined;
  const vusNeeded = (plannedPerS * iterationP95Ms) / 1000;
  return vusNeeded >= m.k6VusMax ? { vusNeeded, plannedPerS, iterationP95Ms } : undefined;
}

/** CPU use per part from cumulative CPU seconds (a decrease is a restart or an exited process: skipped). */
function partLoads(h: HarnessSamples, inWindow: (xs: readonly TimedValue[]) => TimedValue[]): { parts: Record<string, PartLoad>; harnessShare: number | null } {
  const parts: Record<string, PartLoad> = {};
  let harnessCpu = 0;
  let allCpu = 0;
  const names = new Set([...Object.keys(h.partCpuS), ...Object.keys(h.loopLagP99S).filter((t) => /^(node|fleet)-/.test(t))]);
  for (const part of names) {
    const series = inWindow(h.partCpuS[part] ?? []);
    const cores: number[] = [];
    for (let i = 1; i < series.length; i++) {
      const dCpu = series[i]!.value - series[i - 1]!.value;
      const dS = (series[i]!.timeMs - series[i - 1]!.timeMs) / 1000;
      if (dCpu < 0 || dS <= 0) continue;
      cores.push(dCpu / dS);
      allCpu += dCpu;
      if (HARNESS_PART.test(part)) harnessCpu += dCpu;
    }
    const lag = inWindow(h.loopLagP99S[part] ?? []);
    parts[part] = {
      peakCores: round3(Math.max(0, ...cores)),
      saturatedShare: cores.length ? round3(cores.filter((c) => c >= T.PART_SATURATED_CORES).length / cores.length) : 0,
      loopLagP99MaxMs: lag.length ? ms(Math.max(...lag.map((x) => x.value))) : null,
    };
  }
  return { parts, harnessShare: allCpu > 0 ? round3(harnessCpu / allCpu) : null };
}

const ms = (s: number) => Math.round(s * 1000);
const round3 = (x: number) => Math.round(x * 1000) / 1000;
