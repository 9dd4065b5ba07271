// A column's measurement validity (summary.json strategies.<col>.validity): what the harness saw of
// itself while the load ran (its event loops, the machine's CPU, the load generator, the scraper), and
// whether the column's timings can be trusted. Pure types, and the names the harness samplers write
// into metrics.ndjson (sim/metrics writes them, sim/report/validity reads them); thresholds live there.

/** Families the harness samplers write. */
export const HARNESS_FAMILIES = {
  conductorLoopP99: "taskstorm_conductor_eventloop_delay_p99_seconds",
  conductorLoopMax: "taskstorm_conductor_eventloop_delay_max_seconds",
  machineBusy: "taskstorm_machine_cpu_busy_ratio",
  machineLoad1: "taskstorm_machine_load1",
  partCpu: "taskstorm_part_cpu_seconds_total",
  /** How long a fleet took to answer a health RPC sent straight to one of its tentacles (its event loop's delay, seen from outside). */
  fleetAnswer: "taskstorm_fleet_answer_seconds",
} as const;
/** Their targets in metrics.ndjson. */
export const HARNESS_TARGETS = { conductor: "conductor", machine: "machine", parts: "parts", fleets: "fleet-probes" } as const;
/** Parts of a run that belong to the harness (not the system under test): their saturation invalidates. */
export const HARNESS_PART = /^(conductor|fleet-\d+|k6|toxiproxy)$/;

/** Harness parts a scenario may declare a column saturates by design (a fleet-N process, the toxiproxy-server). */
export const SATURABLE_PARTS = ["fleet", "toxiproxy"] as const;
export type SaturablePart = (typeof SATURABLE_PARTS)[number];

/** The kind of a part a scenario's expectedSaturation names: fleet-3 -> fleet; undefined for any other part. */
export function saturablePartOf(part: string): SaturablePart | undefined {
  return /^fleet-\d+$/.test(part) ? "fleet" : part === "toxiproxy" ? "toxiproxy" : undefined;
}

/**
 * A scenario's statement (its `expectedSaturation`) that column `strategy` saturates these harness parts by design,
 * and why that does not undermine what the scenario measures: their CPU saturation is then a note, not a reason the
 * column's measurement is invalid. Nothing else is waived (the machine, the conductor, k6, late fleet answers).
 */
export interface ExpectedSaturation {
  strategy: string;
  parts: SaturablePart[];
  why: string;
}

export interface PartLoad {
  /** Highest CPU use seen in one sample, in cores (a Node process saturates at ~1). */
  peakCores: number;
  /** Share of the load window's samples in which it was saturated (>= the saturation threshold). */
  saturatedShare: number;
  /** Highest event-loop delay it showed in one sample, ms: a node's p99 from its /metrics, a fleet's answer time to a
   * health RPC sent straight to one of its tentacles (null: not measured for this part). */
  loopLagP99MaxMs: number | null;
}

export interface ValidityMonitors {
  /** Length of the load window the monitors cover, s. */
  windowS: number;
  /** Conductor (taskstorm process) event-loop delay: highest per-second p99 and the max, ms. */
  conductorLoopDelayP99Ms: number | null;
  conductorLoopDelayMaxMs: number | null;
  /** Machine CPU busy ratio (all cores, /proc/stat), median over the window. */
  machineCpuBusyP50: number | null;
  /** Share of samples with the machine's CPUs saturated. */
  machineSaturatedShare: number | null;
  /** CPU share of the harness (conductor, fleets, toxiproxy, k6) in the CPU the run's processes used. */
  harnessCpuShare: number | null;
  /** Per part ("node-1", "fleet-1", "k6", "postgres", ...). */
  parts: Record<string, PartLoad>;
  /** k6: iterations it dropped, their share of the planned ones, the VUs it allocated at most and the cap. */
  k6DroppedIterations: number | null;
  k6DroppedRatio: number | null;
  k6VusMax: number | null;
  k6MaxVUs: number | null;
  /** Scrape gaps: longest time between two scrape rounds and the total time beyond the interval, ms. */
  scrapeGapMaxMs: number | null;
  scrapeGapTotalMs: number | null;
}

export interface MeasurementValidity {
  valid: boolean;
  /** Why the column's numbers cannot be trusted, one line each (empty when valid). */
  reasons: string[];
  /** Worth knowing, not invalidating (e.g. a short stall). */
  notes: string[];
  monitors: ValidityMonitors;
}
