// summary.json: the machine-readable result of one run (all strategies), written by sim/report and
// read by CI, compare and baseline. schemaVersion changes only when a field changes meaning.
import type { Validity } from "./checks.ts";
import type { ExpectationResult } from "./expectation.ts";
import type { RepeatAnalysis, RunComparison } from "./comparison.ts";
import type { Percentiles } from "./quantiles.ts";
import type { PhaseName, PhaseStats, SloResult } from "./slo.ts";
import type { Provenance } from "./provenance.ts";
import type { MeasurementValidity } from "./validity.ts";

export interface K6Outcome {
  /** Exit code of the k6 process (0 ok, 99 thresholds crossed; see ecosystem.md). */
  exitCode: number;
  /** Number of thresholds whose `ok` was false in the k6 summary. */
  thresholdsFailed: number;
  /** The crossed thresholds as "<metric>: <expression>". */
  failedThresholds: string[];
  /** http_reqs count (null when the summary is absent). */
  httpReqs: number | null;
  /** http_req_failed rate in [0, 1] (null when absent). */
  httpReqFailedRate: number | null;
  /** dropped_iterations count (0 when k6 dropped none; null when the summary is absent). */
  iterationsDropped: number | null;
  /** Every threshold k6 evaluated, with what it observed (absent in summaries written before it existed). */
  thresholds?: K6Threshold[];
  /** Highest number of VUs k6 allocated (vus_max), null when the summary is absent. */
  vusMax?: number | null;
}

export interface K6Threshold {
  metric: string;
  expression: string;
  ok: boolean;
  /** The metric's observed values, e.g. "rate=0.034" or "p(95)=812.4, avg=300.1". */
  observed: string;
}

export interface StrategySummary {
  /** Distinct task ids accepted by the load (ok `deployment:create`). */
  accepted: number;
  /** Accepted tasks in Success. */
  completed: number;
  /** Accepted tasks in Failed, TimedOut or Canceled. */
  failed: number;
  /** Accepted tasks in no terminal state or absent from the final state. */
  unfinished: number;
  /** completed per minute over [loadStartMs, last Success completion of an accepted task]. */
  throughputPerMin: number;
  /** StartTime - QueueTime over accepted tasks that started (ms, nearest rank). */
  queueWaitMs: Percentiles;
  /** CompletedTime - StartTime over completed (Success) accepted tasks (ms, nearest rank). */
  taskDurationMs: Percentiles;
  checks: Record<string, { valid: Validity; summary: string }>;
  k6?: K6Outcome;
  /** Numbers per phase of the run (null: the phase did not exist, e.g. no faults). */
  phases?: Record<PhaseName, PhaseStats | null>;
  /** From the last heal until the queue depth was back to its before-faults baseline; null when it never was or there were no faults. */
  timeToRecoverMs?: number | null;
  /** The scenario's SLOs evaluated on this strategy. */
  slos?: SloResult[];
  /** Further named figures (see sim/report/metric-catalogue.ts), e.g. hungTasks, rpcUnknownOutcomes, conflicts. */
  metrics?: Record<string, number | null>;
  /** Whether the harness could be trusted while this column ran (sim/report/validity). */
  validity?: MeasurementValidity;
}

export interface FaultWindowSummary {
  /** Strategy run whose history held this window. */
  strategy: string;
  kind: string;
  target: string;
  /** Applied / healed, ms relative to that strategy's load start; endMs null when never healed. */
  startMs: number;
  endMs: number | null;
}

/** Where the run's parts lived (placement), per host its address, clock and use. */
export interface PlacementSummary {
  /** "local" (one machine), "netns" (a network-namespace host per part) or "k8s" (a pod per part). */
  kind: string;
  hosts: { name: string; address: string; roles: string[] }[];
  /** k6 processes sharing the load (execution segments). */
  k6Instances: number;
  /** Per host: its clock's offset from the conductor's and the bound, at the start and the end; histories were corrected by them. */
  clocks?: Record<string, { start: { offsetMs: number; boundMs: number }; end?: { offsetMs: number; boundMs: number } }>;
  /** Per column, per host: CPU time and resident memory of everything on the host at the end of the column. */
  hostUsage?: Record<string, Record<string, { cpuMs: number; rssBytes: number }>>;
}

/** A column the run could not measure: no figure is read from it, and it fails the verdict. */
export interface ColumnFailure {
  strategy: string;
  /** infrastructure: the column's pass threw (message: the error); evidence: its files are missing or damaged. */
  kind: "infrastructure" | "evidence";
  message: string;
}

/** A run stopped by a signal: what stopped it and how far it got. */
export interface RunInterruption {
  /** e.g. "run interrupted by SIGINT". */
  reason: string;
  /** Columns finished (and reported) before the signal, of those planned. */
  columnsDone: number;
  columnsPlanned: number;
}

export interface RunSummary {
  schemaVersion: 1;
  scenario: string;
  seed: number;
  /** ISO-8601 time the run started. */
  startedAt: string;
  durationMs: number;
  strategies: Record<string, StrategySummary>;
  faults: FaultWindowSummary[];
  /** The scenario's expected symptom, each comparison with what it found (absent: the scenario has none). */
  expectations?: ExpectationResult[];
  verdict: { ok: boolean; reasons: string[] };
  /** Set by `run --baseline`: this run against a baseline summary. */
  baseline?: RunComparison;
  /** The command that replays this run (scenario, seed, overrides), when the runner knew it. */
  replayCommand?: string;
  /** Set by `run --repeat N`: per-metric samples over the repeats and rank tests between strategies. */
  repeats?: RepeatAnalysis;
  placement?: PlacementSummary;
  /** Versions, machine, load and placement the run had (absent in runs written before it existed). */
  provenance?: Provenance;
  /** "warn" when the run was told (--invalid-measurement warn) not to fail on a measurement-invalid column. */
  invalidMeasurement?: "warn";
  /** Columns with no figures: their infrastructure failed or their evidence is missing or damaged (absent: none). */
  failedColumns?: ColumnFailure[];
  /** Set when a signal stopped the run: this summary holds the columns finished before it. */
  interrupted?: RunInterruption;
}
